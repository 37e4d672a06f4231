// Vendor export shapes (issue 10): trailing delimiters, invisible characters in names,
// missing-value sentinels, footers, positional names, dropped columns, declared units,
// strftime-like formats, day/month order, limits.
#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/core/time_format.hpp"
#include "heatloop/io/read.hpp"
#include "io/column_map.hpp"
#include "io/number.hpp"
#include "io/problem_log.hpp"
#include "io/unit_conversion.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::test;

namespace {

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

}  // namespace

TEST(VendorExport, TrailingDelimiterSentinelAndFooter) {
    TempDir dir;
    auto p = dir.write("hp7.csv",
                       "timestamp;Vor\xC2\xADlauf\xC2\xA0"
                       "BT2;Aussen;\n"
                       "2025-11-12T08:00:00Z;35,5;-32768;\n"
                       "2025-11-12T08:01:00Z;35,7;4,5;\n"
                       "Wed Nov 12 2025 10:00:00 GMT+0100\n");
    ReadOptions o;
    o.missing = {"-32768"};
    ReadResult r = read_all(p, o);
    EXPECT_EQ(r.summary.rows, 2u);
    EXPECT_EQ(r.summary.footer_lines, 1u);
    EXPECT_EQ(r.summary.footer, "Wed Nov 12 2025 10:00:00 GMT+0100");
    const UnitFrame& f = r.one("hp7");
    EXPECT_EQ(f.channel_names(), (std::vector<std::string>{"Vorlauf BT2", "Aussen"}));
    EXPECT_TRUE(std::isnan(f.at("Aussen").values[0]));
    EXPECT_EQ(f.at("Aussen").values[1], 4.5);
    EXPECT_EQ(f.at("Vorlauf BT2").values[1], 35.7);
}

TEST(VendorExport, SingleFieldLineBeforeDataIsAProblem) {
    TempDir dir;
    auto p = dir.write("x.csv",
                       "timestamp,unit_id,a\n2024-01-01T00:00:00Z,u1,1\nstray\n"
                       "2024-01-01T00:01:00Z,u1,2\n");
    EXPECT_TRUE(contains(read_error(p), "x.csv:3: a line with a single field 'stray'"));
}

TEST(VendorExport, NormalizeName) {
    EXPECT_EQ(normalize_name("  Vor\xC2\xADlauf\xC2\xA0"
                             "BT2\xE2\x80\x8B "),
              "Vorlauf BT2");
    EXPECT_EQ(normalize_name("\xEF\xBB\xBFZeit"), "Zeit");
    EXPECT_EQ(normalize_name("R\xC3\xBC"
                             "cklauf"),
              "R\xC3\xBC"
              "cklauf");  // visible non-ASCII text is unchanged
}

TEST(VendorExport, MissingValuesMatchByValueOrText) {
    MissingValues m({"-32768", "---"});
    EXPECT_TRUE(m.number(-32768.0));
    EXPECT_FALSE(m.number(-32767.0));
    EXPECT_TRUE(m.text(" --- "));
    EXPECT_FALSE(m.text("--"));
    EXPECT_TRUE(MissingValues().empty());
}

TEST(VendorExport, PositionalMapDropAndUnits) {
    TempDir dir;
    auto p = dir.write("d.csv",
                       "timestamp,unit_id,T,T,Comment\n2024-01-01T00:00:00Z,u1,212,1000,hello\n"
                       "2024-01-01T00:01:00Z,u1,32,2000,world\n");
    ReadOptions o;
    o.column_map = {{"#3", "t_supply:degF"}, {"#4", "compressor_power:W"}};
    o.drop = {"comment"};
    ReadResult r = read_all(p, o);
    const UnitFrame& f = r.one("u1");
    EXPECT_EQ(f.channel_names(), (std::vector<std::string>{"t_supply", "compressor_power"}));
    EXPECT_NEAR(f.at("t_supply").values[0], 100, 1e-9);
    EXPECT_NEAR(f.at("t_supply").values[1], 0, 1e-9);
    EXPECT_NEAR(f.at("compressor_power").values[1], 2, 1e-12);
}

TEST(VendorExport, DuplicateColumnsAdviceNamesPositions) {
    TempDir dir;
    auto p = dir.write("d.csv", "timestamp,unit_id,a,a\n2024-01-01T00:00:00Z,u1,1,2\n");
    const std::string err = read_error(p);
    EXPECT_TRUE(contains(err, "columns #3 'a' and #4 'a'")) << err;
    EXPECT_TRUE(contains(err, "--map \"#4=a_2\"")) << err;
    ReadOptions o;
    o.column_map = {{"#4", "a_2"}};
    EXPECT_EQ(read_all(p, o).one("u1").channel_names(), (std::vector<std::string>{"a", "a_2"}));
}

TEST(VendorExport, PositionBeyondHeaderAndUnknownUnit) {
    TempDir dir;
    auto p = dir.write("d.csv", "timestamp,unit_id,a\n2024-01-01T00:00:00Z,u1,1\n");
    ReadOptions o;
    o.column_map = {{"#9", "x"}};
    EXPECT_TRUE(contains(read_error(p, o), "column #9, but the header has 3 columns"));
    o.column_map = {{"a", "x:parsecs"}};
    EXPECT_THROW(read_all(p, o), InvalidInputError);
}

TEST(VendorExport, EnergyPerIntervalToPower) {
    auto c = find_conversion("kWh");
    ASSERT_TRUE(c);
    std::vector<double> v{0.25, 0.5};
    std::vector<Timestamp> t{0, 15 * k_minute_ms};
    ASSERT_TRUE(apply_conversion(*c, v, t));
    EXPECT_DOUBLE_EQ(v[0], 1.0);
    EXPECT_DOUBLE_EQ(v[1], 2.0);
    std::vector<double> one{1};
    EXPECT_FALSE(apply_conversion(*c, one, {0}));
    EXPECT_NEAR(find_conversion("K")->offset, -273.15, 1e-12);
    EXPECT_FALSE(find_conversion("furlong"));
}

TEST(VendorExport, ProblemClassesGroupRepeatedReasons) {
    TempDir dir;
    std::string text = "timestamp,unit_id,a\n";
    for (int i = 0; i < 60; ++i) text += "2024-01-01 00:00:00,u1,1\n";
    auto p = dir.write("naive.csv", text);
    const std::string err = read_error(p);
    EXPECT_TRUE(contains(err, "60 problems, nothing read")) << err;
    EXPECT_TRUE(contains(err, "60 lines: local time without a zone")) << err;
    EXPECT_EQ(err.find("local time without a zone"), err.rfind("local time without a zone"))
        << "one line for the class, not one per problem";
    EXPECT_EQ(group_thousands(92540), "92,540");
}

TEST(VendorExport, DayMonthOrderRefusedProvenOrGiven) {
    TempDir dir;
    auto ambiguous = dir.write("a.csv", "timestamp,unit_id,x\n03/11/2017 00:00,u1,1\n");
    EXPECT_TRUE(contains(read_error(ambiguous), "a.csv:2:1")) << read_error(ambiguous);
    ReadOptions o;
    o.tz = "UTC";
    o.date_order = "mdy";
    EXPECT_EQ(read_all(ambiguous, o).one("u1").time().front(), parse_utc("2017-03-11"));
    auto proven = dir.write("p.csv",
                            "timestamp,unit_id,x\n03/11/2017 00:00,u1,1\n"
                            "13/11/2017 00:00,u1,2\n");
    ReadOptions utc;
    utc.tz = "UTC";
    EXPECT_EQ(read_all(proven, utc).one("u1").time().front(), parse_utc("2017-11-03"));
}

TEST(VendorExport, TimeFormatAndUtcOffset) {
    TempDir dir;
    auto p = dir.write("us.csv", "timestamp,x\n8/28/2007 0:00,1\n8/28/2007 1:30 ,2\n");
    ReadOptions o;
    o.time_format = "%m/%d/%Y %H:%M";
    o.utc_offset = "-08:00";
    o.signal_unit = "u";
    const ReadResult r = read_all(p, o);
    const UnitFrame& f = r.one("u");
    EXPECT_EQ(f.time().front(), parse_utc("2007-08-28T08:00:00Z"));
    EXPECT_EQ(f.time().back(), parse_utc("2007-08-28T09:30:00Z"));
}

TEST(VendorExport, TimeFormatDirectives) {
    ParsedTime t;
    EXPECT_TRUE(TimeFormat("%d %b %Y %I:%M %p").parse("5 Mar 2024 12:07 AM", t));
    EXPECT_EQ(t.month, 3u);
    EXPECT_EQ(t.hour, 0u);
    EXPECT_TRUE(TimeFormat("%FT%T%z").parse("2024-03-05T10:00:00+01:00", t));
    EXPECT_EQ(t.offset_minutes, 60);
    EXPECT_FALSE(TimeFormat("%m/%d/%Y").parse("2/30/2024", t));
    EXPECT_THROW(TimeFormat("%H:%M"), InvalidInputError);
    EXPECT_THROW(TimeFormat("%Q"), InvalidInputError);
    EXPECT_EQ(parse_utc_offset("-08:00"), -480);
    EXPECT_EQ(parse_utc_offset("+1"), 60);
    EXPECT_THROW(parse_utc_offset("8"), InvalidInputError);
    EXPECT_EQ(parse_date_order("MDY"), DateOrder::mdy);
}

TEST(VendorExport, SpanLimitNamesBothLines) {
    TempDir dir;
    auto p = dir.write("y.csv",
                       "timestamp,unit_id,x\n2025-03-01T00:00:00Z,u1,1\n"
                       "2125-03-01T00:00:00Z,u1,2\n2025-03-01T00:01:00Z,u1,3\n");
    const std::string err = read_error(p);
    EXPECT_TRUE(contains(err, "(line 2)") && contains(err, "(line 3)")) << err;
    EXPECT_TRUE(contains(err, "100.0 years")) << err;
}

TEST(VendorExport, OutOfRangeAndHugeEpoch) {
    TimestampParser p;
    TimeParseError e{};
    EXPECT_FALSE(p.parse("99999999999999999999", e));
    EXPECT_EQ(e, TimeParseError::out_of_range);
    EXPECT_FALSE(p.parse("1850-01-01T00:00:00Z", e));
    EXPECT_EQ(e, TimeParseError::out_of_range);
    EXPECT_TRUE(p.parse("1704067200", e));
}

TEST(VendorExport, InvalidUtf8AndLongIds) {
    TempDir dir;
    auto bad = dir.write("b.csv", "timestamp,unit_id,x\n2024-01-01T00:00:00Z,u\xFF,1\n");
    const std::string err = read_error(bad);
    EXPECT_TRUE(contains(err, "b.csv:2:2: unit_id 'u<0xFF>' is not valid UTF-8")) << err;
    auto big = dir.write(
        "l.csv", "timestamp,unit_id,x\n2024-01-01T00:00:00Z," + std::string(1000, 'u') + ",1\n");
    EXPECT_TRUE(contains(read_error(big), "unit_id is 1000 bytes long; the limit is 256"));
}

TEST(VendorExport, GzipTrailingGarbage) {
    TempDir dir;
    auto p = dir.write_gz("g.csv.gz", "timestamp,unit_id,x\n2024-01-01T00:00:00Z,u1,1\n");
    {
        std::ofstream out(p, std::ios::binary | std::ios::app);
        out << "garbage";
    }
    EXPECT_TRUE(contains(read_error(p), "after the end of the gzip stream")) << read_error(p);
}
