// read_file as a whole: empty files, unknown headers, gzip failures, format names.
#include "heatloop/io/read.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::test;

TEST(Read, EmptyFileAndHeaderOnly) {
    TempDir dir;
    auto empty = dir.write("file.csv", "");
    EXPECT_EQ(read_error(empty), empty.string() + ": empty file (no header)");
    auto gz = dir.write_gz("file.csv.gz", "");
    EXPECT_EQ(read_error(gz), gz.string() + ": empty file (no header)");
    auto header = dir.write("header.csv", "timestamp,unit_id,t_supply\r\n\r\n");
    EXPECT_EQ(read_error(header), header.string() + ": no data rows (only a header)");
}

TEST(Read, UnknownHeaderListsAcceptedFormats) {
    TempDir dir;
    auto p = dir.write("mystery.csv", "foo,bar,baz\n1,2,3\n");
    std::string err = read_error(p);
    EXPECT_NE(err.find(p.string() + ": unrecognised header (foo, bar, baz)"), std::string::npos)
        << err;
    for (const char* f : {"wide:", "long:", "smartmeter:", "weather:", "units:", "signal:"})
        EXPECT_NE(err.find(f), std::string::npos) << f;
    EXPECT_THROW(detect_format(p), InvalidInputError);
}

TEST(Read, TruncatedGzipThrowsNamingTheFile) {
    TempDir dir;
    std::string content = "timestamp,unit_id,x\n";
    for (int i = 0; i < 50000; ++i)
        content += std::to_string(1704067200 + i) + ",u" + std::to_string(i / 1000) + "," +
                   std::to_string(i * 31 % 977) + "\n";
    auto p = dir.write_gz("sensors.csv.gz", content);
    std::filesystem::resize_file(p, std::filesystem::file_size(p) * 3 / 4);
    for (OnError mode : {OnError::fail, OnError::skip}) {
        ReadOptions o;
        o.on_error = mode;
        try {
            read_all(p, o);
            FAIL() << "no error";
        } catch (const InvalidInputError& e) {
            EXPECT_NE(std::string(e.what()).find(p.string() + ": truncated or corrupt gzip"),
                      std::string::npos)
                << e.what();
        }
    }
}

TEST(Read, FormatNamesRoundTrip) {
    for (InputFormat f : {InputFormat::auto_detect, InputFormat::wide, InputFormat::long_form,
                          InputFormat::smartmeter, InputFormat::weather, InputFormat::units,
                          InputFormat::signal, InputFormat::households})
        EXPECT_EQ(parse_format(format_name(f)), f);
    EXPECT_EQ(format_name(InputFormat::long_form), "long");
    EXPECT_EQ(parse_format(" Wide "), InputFormat::wide);
    try {
        parse_format("parquet");
        FAIL();
    } catch (const InvalidInputError& e) {
        EXPECT_STREQ(e.what(),
                     "unknown input format 'parquet' (valid: auto, wide, long, smartmeter, "
                     "weather, units, signal, households, household_meter)");
    }
}

TEST(Read, DetectFormatFromPath) {
    TempDir dir;
    auto p = dir.write("x.csv", "Zeit,Geraet,Vorlauf\n");
    ReadOptions o;
    o.column_map = {{"Zeit", "timestamp"}, {"Geraet", "unit_id"}};
    EXPECT_EQ(detect_format(p, o), InputFormat::wide);
    o.format = InputFormat::long_form;
    EXPECT_EQ(detect_format(p, o), InputFormat::long_form);
    EXPECT_THROW(detect_format(dir.path() / "missing.csv"), NotFoundError);
}

TEST(Read, ProgressAndValidationOnly) {
    TempDir dir;
    std::string content = "timestamp,unit_id,x\n";
    for (int i = 0; i < 1000; ++i) content += "2024-01-01T00:00:00Z,u" + std::to_string(i) + ",1\n";
    auto p = dir.write("p.csv", content);
    ReadOptions o;
    std::uint64_t done = 0, total = 0;
    o.progress = [&](std::uint64_t d, std::uint64_t t) {
        done = d;
        total = t;
    };
    ReadSummary s = read_file(p, o, {});  // an empty sink only validates
    EXPECT_EQ(s.rows, 1000u);
    EXPECT_EQ(s.values, 1000u);
    EXPECT_EQ(total, content.size());
    EXPECT_EQ(done, content.size());
}

TEST(Read, ProblemStr) {
    Problem p{SourceLocation{"sensors.csv", 5, 3},
              "channel t_supply: expected a number, got 'abc'"};
    EXPECT_EQ(p.str(), "sensors.csv:5:3: channel t_supply: expected a number, got 'abc'");
    Problem line{SourceLocation{"sensors.csv", 9, 0}, "expected 3 fields"};
    EXPECT_EQ(line.str(), "sensors.csv:9: expected 3 fields");
}

TEST(Read, ParseColumnMapping) {
    EXPECT_EQ(parse_column_mapping("Supply line (BT2)=t_supply"),
              (std::pair<std::string, std::string>{"Supply line (BT2)", "t_supply"}));
    EXPECT_EQ(parse_column_mapping(" a=b = c "), (std::pair<std::string, std::string>{"a=b", "c"}));
    EXPECT_THROW(parse_column_mapping("no equals"), InvalidInputError);
    EXPECT_THROW(parse_column_mapping("=t_supply"), InvalidInputError);
    EXPECT_THROW(parse_column_mapping("x= "), InvalidInputError);
}
