#include "io/csv_reader.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using heatloop::io::test::TempDir;

TEST(CsvReader, HeaderBlankLinesAndLineNumbers) {
    TempDir dir;
    LineSource src(dir.write("a.csv", "\n  \n\"Time\" ; Unit\n\n1;2\n \n3;\"x\ny\"\n5;6"));
    CsvReader csv(src);
    EXPECT_EQ(csv.delimiter(), ';');
    EXPECT_EQ(csv.header(), (std::vector<std::string>{"Time", "Unit"}));
    EXPECT_EQ(csv.header_line(), 3);
    ASSERT_TRUE(csv.next());
    EXPECT_EQ(csv.line(), 5);
    EXPECT_EQ(csv.fields()[1], "2");
    ASSERT_TRUE(csv.next());
    EXPECT_EQ(csv.line(), 7) << "a record spanning lines is numbered by its first line";
    EXPECT_EQ(csv.fields()[1], "x\ny");
    ASSERT_TRUE(csv.next());
    EXPECT_EQ(csv.line(), 9);
    EXPECT_EQ(csv.fields()[0], "5");
    EXPECT_FALSE(csv.next());
}

TEST(CsvReader, EmptyFileHasNoHeader) {
    TempDir dir;
    for (const char* content : {"", "\n\n", "\xEF\xBB\xBF"}) {
        auto p = dir.write("empty.csv", content);
        LineSource src(p);
        try {
            CsvReader csv(src);
            FAIL() << "no error";
        } catch (const InvalidInputError& e) {
            EXPECT_EQ(std::string(e.what()), p.string() + ": empty file (no header)");
        }
    }
}

TEST(CsvReader, UnclosedQuoteIsReportedNotSwallowingTheFile) {
    TempDir dir;
    std::string content = "a,b\n1,\"open\n";
    for (int i = 0; i < 150; ++i) content += "2,3\n";
    LineSource src(dir.write("q.csv", content));
    CsvReader csv(src);
    ASSERT_TRUE(csv.next());
    EXPECT_EQ(csv.line(), 2);
    EXPECT_EQ(csv.status().error, SplitError::unterminated_quote);
    EXPECT_EQ(csv.status().column, 2u);
    int rest = 0;
    while (csv.next()) ++rest;
    EXPECT_EQ(rest, 150 - (CsvReader::k_max_record_lines - 1));
}
