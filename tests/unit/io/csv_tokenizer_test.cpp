#include "io/csv_tokenizer.hpp"

#include <gtest/gtest.h>

using namespace heatloop::io;

namespace {
std::vector<std::string> split(CsvTokenizer& t, std::string_view line,
                               SplitError expect = SplitError::none) {
    std::vector<std::string_view> f;
    EXPECT_EQ(t.split(line, f).error, expect) << line;
    return {f.begin(), f.end()};
}
using V = std::vector<std::string>;
}  // namespace

TEST(CsvTokenizer, DetectsDelimiter) {
    EXPECT_EQ(detect_delimiter("timestamp,unit_id,t_supply"), ',');
    EXPECT_EQ(detect_delimiter("timestamp;unit_id;t_supply"), ';');
    EXPECT_EQ(detect_delimiter("timestamp\tunit_id\tt_supply"), '\t');
    EXPECT_EQ(detect_delimiter("\"a;b\",c"), ',') << "quoted delimiters do not count";
    EXPECT_EQ(detect_delimiter("single"), ',');
    EXPECT_EQ(detect_delimiter("Zeit;Vorlauf, BT2;Ruecklauf"), ';');
}

TEST(CsvTokenizer, PlainFields) {
    CsvTokenizer t(',');
    EXPECT_EQ(split(t, "a,b,c"), (V{"a", "b", "c"}));
    EXPECT_EQ(split(t, "a,,c,"), (V{"a", "", "c", ""}));
    EXPECT_EQ(split(t, " a , b\t,c "), (V{"a", "b", "c"}));
    EXPECT_EQ(split(t, ""), (V{""}));
    EXPECT_EQ(split(t, "5\" pipe,x"), (V{"5\" pipe", "x"})) << "a stray quote is a character";
}

TEST(CsvTokenizer, QuotedFields) {
    CsvTokenizer t(',');
    EXPECT_EQ(split(t, R"("a,b",c)"), (V{"a,b", "c"}));
    EXPECT_EQ(split(t, R"("say ""hi""","x ""y""",z)"), (V{"say \"hi\"", "x \"y\"", "z"}));
    EXPECT_EQ(split(t, R"( "padded" ,"")"), (V{"padded", ""}));
    EXPECT_EQ(split(t, R"("a",)"), (V{"a", ""}));
    EXPECT_EQ(split(t, "\"line\nbreak\",2"), (V{"line\nbreak", "2"}));
}

TEST(CsvTokenizer, Errors) {
    CsvTokenizer t(',');
    std::vector<std::string_view> f;
    SplitResult r = t.split(R"(a,"open)", f);
    EXPECT_EQ(r.error, SplitError::unterminated_quote);
    EXPECT_EQ(r.column, 2u);
    r = t.split(R"("a"b,c)", f);
    EXPECT_EQ(r.error, SplitError::text_after_quote);
    EXPECT_EQ(r.column, 1u);
    EXPECT_NE(describe(SplitError::unterminated_quote).find("not closed"), std::string_view::npos);
}

TEST(CsvTokenizer, SemicolonAndTab) {
    CsvTokenizer s(';');
    EXPECT_EQ(split(s, "2024-01-01T00:00:00Z;hp1;21,5;\"x;y\""),
              (V{"2024-01-01T00:00:00Z", "hp1", "21,5", "x;y"}));
    CsvTokenizer t('\t');
    EXPECT_EQ(split(t, "a b\t c\t"), (V{"a b", "c", ""})) << "tab is not trimmed as a space";
}
