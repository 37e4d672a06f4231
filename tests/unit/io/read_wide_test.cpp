// Wide files, and with them the behaviours every dense format shares (docs/formats.md).
#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/io/read.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::test;

namespace {
constexpr Timestamp k_t0 = 1704067200000;  // 2024-01-01T00:00:00Z
bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}
}  // namespace

TEST(ReadWide, GroupedUnitsOneChunkEach) {
    TempDir dir;
    auto p = dir.write("sensors.csv",
                       "timestamp,unit_id,t_supply,compressor_on\n"
                       "2024-01-01T00:00:00Z,hp1,35.5,1\n"
                       "2024-01-01T00:01:00Z,hp1,36,1\n"
                       "2024-01-01T00:00:00Z,hp2,30,0\n");
    ReadResult r = read_all(p);
    EXPECT_EQ(r.summary.format, InputFormat::wide);
    EXPECT_EQ(r.summary.rows, 3u);
    EXPECT_EQ(r.summary.values, 6u);
    ASSERT_EQ(r.frames.size(), 2u);
    const UnitFrame& hp1 = r.one("hp1");
    EXPECT_EQ(hp1.time(), (std::vector<Timestamp>{k_t0, k_t0 + k_minute_ms}));
    EXPECT_EQ(hp1.channel_names(), (std::vector<std::string>{"t_supply", "compressor_on"}));
    EXPECT_EQ(hp1.at("t_supply").values, (std::vector<double>{35.5, 36}));
    EXPECT_EQ(hp1.step(), 0);
    EXPECT_EQ(r.one("hp2").at("compressor_on").values, std::vector<double>{0});
    EXPECT_EQ(r.frames[0].unit_id(), "hp1") << "units arrive in file order";
}

TEST(ReadWide, OutOfOrderRowsAreSorted) {
    TempDir dir;
    auto p = dir.write("s.csv",
                       "timestamp,unit_id,t_supply\n"
                       "2024-01-01T00:02:00Z,hp1,3\n"
                       "2024-01-01T00:00:00Z,hp1,1\n"
                       "2024-01-01T00:01:00Z,hp1,2\n");
    ReadResult r = read_all(p);
    const UnitFrame& f = r.one("hp1");
    EXPECT_EQ(f.time(), (std::vector<Timestamp>{k_t0, k_t0 + 60000, k_t0 + 120000}));
    EXPECT_EQ(f.at("t_supply").values, (std::vector<double>{1, 2, 3}));
}

TEST(ReadWide, MissingValueSpellingsAreAccepted) {
    TempDir dir;
    auto p = dir.write("s.csv",
                       "timestamp,unit_id,a,b,c,d,e\n"
                       "2024-01-01T00:00:00Z,hp1,,NaN,nan,NA,null\n"
                       "2024-01-01T00:01:00Z,hp1,1,2,3,4,5\n");
    ReadResult r = read_all(p);
    const UnitFrame& f = r.one("hp1");
    for (const auto& c : f.channels()) {
        EXPECT_TRUE(std::isnan(c.values[0])) << c.name;
        EXPECT_FALSE(std::isnan(c.values[1])) << c.name;
    }
    EXPECT_EQ(r.summary.values, 5u);
}

TEST(ReadWide, BadValuesNameFileLineColumnAndReason) {
    TempDir dir;
    auto p = dir.write("sensors.csv",
                       "timestamp,unit_id,t_supply\n"
                       "2024-01-01T00:00:00Z,hp1,1\n"
                       "2024-01-01T00:01:00Z,hp1,2\n"
                       "2024-01-01T00:02:00Z,hp1,3\n"
                       "2024-01-01T00:03:00Z,hp1,abc\n"
                       "2024-01-01T00:04:00Z,hp1,inf\n"
                       "yesterday,hp1,5\n"
                       "2024-01-01T00:06:00Z,,5\n"
                       "2024-01-01T00:07:00Z,hp1\n");
    std::string err = read_error(p);
    std::string f = p.string();
    EXPECT_TRUE(contains(err, f + ": 5 problems")) << err;
    EXPECT_TRUE(contains(err, f + ":5:3: channel t_supply: expected a number, got 'abc'")) << err;
    EXPECT_TRUE(contains(err, f + ":6:3: channel t_supply: non-finite value 'inf'")) << err;
    EXPECT_TRUE(contains(err, f + ":7:1: timestamp 'yesterday': not a timestamp")) << err;
    EXPECT_TRUE(contains(err, f + ":8:2: unit_id is empty")) << err;
    EXPECT_TRUE(contains(err, f + ":9: expected 3 fields (timestamp, unit_id, t_supply), got 2"))
        << err;
}

TEST(ReadWide, SkipDropsBadValuesAndLinesAndRecordsThem) {
    TempDir dir;
    auto p = dir.write("sensors.csv",
                       "timestamp,unit_id,t_supply,t_return\n"
                       "2024-01-01T00:00:00Z,hp1,1,10\n"
                       "2024-01-01T00:01:00Z,hp1,abc,11\n"
                       "not-a-time,hp1,3,12\n"
                       "2024-01-01T00:03:00Z,hp1,-Infinity,13\n");
    ReadResult r = read_all(p, skipping());
    ASSERT_EQ(r.summary.skipped.size(), 3u);
    EXPECT_EQ(r.summary.skipped_count, 3u);
    EXPECT_EQ(r.summary.skipped[0].str(),
              p.string() + ":3:3: channel t_supply: expected a number, got 'abc'");
    EXPECT_EQ(r.summary.skipped[1].where.line, 4);
    EXPECT_EQ(r.summary.skipped[1].where.column, 1);
    EXPECT_EQ(r.summary.rows, 4u);
    const UnitFrame& f = r.one("hp1");
    ASSERT_EQ(f.rows(), 3u) << "the line with a bad timestamp is dropped";
    EXPECT_TRUE(std::isnan(f.at("t_supply").values[1])) << "only the bad value is dropped";
    EXPECT_EQ(f.at("t_return").values, (std::vector<double>{10, 11, 13}));
    EXPECT_EQ(r.summary.values, 4u);
}

TEST(ReadWide, ProblemListIsCappedWithACount) {
    TempDir dir;
    std::string content = "timestamp,unit_id,x\n";
    for (int i = 0; i < 120; ++i) content += "2024-01-01T00:00:00Z,hp1,bad\n";
    std::string err = read_error(dir.write("many.csv", content));
    EXPECT_TRUE(contains(err, "120 problems")) << err;
    // The same problem 120 times is one line with its count and first occurrence.
    EXPECT_TRUE(contains(err, "120 lines: channel x: expected a number (first: "));
    EXPECT_TRUE(contains(err, "many.csv:2:3, got 'bad')")) << err;
    EXPECT_FALSE(contains(err, "many.csv:3:3:")) << "not listed one by one";
    // A problem of a kind seen once is listed as itself beside the counted kinds.
    std::string mixed = content + "2024-01-01T00:00:00Z,hp1,1,2\n";
    err = read_error(dir.write("mixed.csv", mixed));
    EXPECT_TRUE(contains(err, "121 problems")) << err;
    EXPECT_TRUE(contains(err, "120 lines: channel x")) << err;
    EXPECT_TRUE(contains(err, "mixed.csv:122: expected 3 fields")) << err;

    ReadResult r = read_all(dir.write("many.csv", content), skipping());
    EXPECT_EQ(r.summary.skipped_count, 120u);
    EXPECT_EQ(r.summary.skipped.size(), 120u);
}

TEST(ReadWide, IdenticalDuplicatesDroppedConflictsRejected) {
    TempDir dir;
    auto same = dir.write("same.csv",
                          "timestamp,unit_id,a,b\n"
                          "2024-01-01T00:00:00Z,hp1,1,2\n"
                          "2024-01-01T00:00:00Z,hp1,1,2\n"
                          "2024-01-01T00:01:00Z,hp1,3,\n"
                          "2024-01-01T00:01:00Z,hp1,,4\n");
    ReadResult r = read_all(same);
    EXPECT_EQ(r.summary.duplicates_dropped, 2u);
    const UnitFrame& f = r.one("hp1");
    EXPECT_EQ(f.rows(), 2u);
    EXPECT_EQ(f.at("a").values, (std::vector<double>{1, 3}));
    EXPECT_EQ(f.at("b").values, (std::vector<double>{2, 4})) << "complementary rows merge";

    auto diff = dir.write("diff.csv",
                          "timestamp,unit_id,a,b\n"
                          "2024-01-01T00:00:00Z,hp1,1,2\n"
                          "2024-01-01T00:01:00Z,hp1,5,5\n"
                          "2024-01-01T00:00:00Z,hp1,1,9\n");
    std::string err = read_error(diff);
    EXPECT_TRUE(contains(err, diff.string() + ":4:4: unit hp1: duplicate timestamp "
                                              "2024-01-01T00:00:00Z with different value for b"))
        << err;
    EXPECT_TRUE(contains(err, "on line 2")) << err;

    ReadResult s = read_all(diff, skipping());
    ASSERT_EQ(s.summary.skipped.size(), 1u);
    EXPECT_EQ(s.one("hp1").at("b").values, (std::vector<double>{2, 5})) << "the first is kept";
}

TEST(ReadWide, NaiveLocalTimesNeedTzAndDstIsRejected) {
    TempDir dir;
    auto p = dir.write("local.csv",
                       "timestamp,unit_id,x\n"
                       "2024-03-31 01:30:00,hp1,1\n"
                       "2024-03-31 02:30:00,hp1,2\n"
                       "2024-10-27 02:30:00,hp1,3\n"
                       "2024-10-27 04:00:00,hp1,4\n");
    std::string err = read_error(p);
    // Four of one kind: one line with the count and the first occurrence.
    EXPECT_TRUE(contains(err,
                         "4 lines: local time without a zone: pass --tz (e.g. --tz "
                         "Europe/Zurich or --tz UTC) (first: "))
        << err;
    EXPECT_TRUE(contains(err, ":2:1, timestamp '2024-03-31 01:30:00')")) << err;

    ReadOptions zurich = skipping();
    zurich.tz = "Europe/Zurich";
    ReadResult r = read_all(p, zurich);
    ASSERT_EQ(r.summary.skipped.size(), 2u);
    EXPECT_TRUE(contains(r.summary.skipped[0].str(),
                         ":3:1: timestamp '2024-03-31 02:30:00': "
                         "local time does not exist"));
    EXPECT_TRUE(contains(r.summary.skipped[1].str(),
                         ":4:1: timestamp '2024-10-27 02:30:00': "
                         "local time occurs twice"));
    const UnitFrame& f = r.one("hp1");
    EXPECT_EQ(f.time(), (std::vector<Timestamp>{parse_utc("2024-03-31T00:30:00Z"),
                                                parse_utc("2024-10-27T03:00:00Z")}));
    ReadOptions bad;
    bad.tz = "Mars/Olympus";
    EXPECT_THROW(read_all(p, bad), InvalidInputError);
}

TEST(ReadWide, SemicolonDecimalCommaBomCrlfNoFinalNewline) {
    TempDir dir;
    auto p = dir.write("eu.csv",
                       "\xEF\xBB\xBF"
                       "Zeitstempel;Anlage;Vorlauf (BT2);Ruecklauf\r\n"
                       "01.01.2024 01:00:00;wp-7;21,5;-0,25\r\n"
                       "01.01.2024 01:15:00;wp-7;\"22,0\";18.5");
    ReadOptions o;
    o.tz = "Europe/Berlin";
    o.column_map = {{"zeitstempel", "timestamp"},
                    {"Anlage", "unit_id"},
                    {"Vorlauf (BT2)", "t_supply"},
                    {" RUECKLAUF ", "T_Return"}};
    ReadResult r = read_all(p, o);
    const UnitFrame& f = r.one("wp-7");
    EXPECT_EQ(f.time().front(), k_t0);
    EXPECT_EQ(f.at("t_supply").values, (std::vector<double>{21.5, 22.0}));
    EXPECT_EQ(f.at("t_return").values, (std::vector<double>{-0.25, 18.5}))
        << "mapped onto a standard name in another case gives the standard spelling";
}

TEST(ReadWide, DecimalCommaOnlyWithoutCommaDelimiter) {
    TempDir dir;
    auto p = dir.write("c.csv", "timestamp,unit_id,x\n2024-01-01T00:00:00Z,hp1,\"21,5\"\n");
    EXPECT_TRUE(contains(read_error(p), "expected a number, got '21,5'"));
    auto t = dir.write("t.tsv", "timestamp\tunit_id\tx\n2024-01-01T00:00:00Z\thp1\t21,5\n");
    EXPECT_EQ(read_all(t).one("hp1").at("x").values, std::vector<double>{21.5});
}

TEST(ReadWide, GzipFile) {
    TempDir dir;
    std::string content = "timestamp,unit_id,t_supply\n";
    for (int i = 0; i < 5000; ++i)
        content += std::to_string(1704067200 + 60 * i) + ",hp" + std::to_string(i / 2500) + "," +
                   std::to_string(i) + "\n";
    ReadResult r = read_all(dir.write_gz("sensors.csv.gz", content));
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.one("hp1").rows(), 2500u);
    EXPECT_EQ(r.one("hp1").at("t_supply").values.back(), 4999);
    EXPECT_EQ(r.one("hp0").time()[1], k_t0 + k_minute_ms) << "epoch seconds";
}

TEST(ReadWide, OneUnitFileNamedByFileOrOption) {
    TempDir dir;
    auto p = dir.write("1058711.csv",
                       "timestamp,t_supply,t_return\n"
                       "2019-03-01 00:15:00+00:00,40.5,35.25\n");
    ReadResult r = read_all(p);
    EXPECT_EQ(r.summary.format, InputFormat::wide);
    EXPECT_EQ(r.one("1058711").at("t_return").values, std::vector<double>{35.25});
    ReadOptions o;
    o.signal_unit = "home-3";
    EXPECT_EQ(read_all(p, o).frames.at(0).unit_id(), "home-3");
}

TEST(ReadWide, InterleavedUnitsArriveInChunksThatCoverEverything) {
    TempDir dir;
    std::string content = "timestamp,unit_id,x\n";
    const int n = 70000;  // beyond the idle window, so buffers are swept mid-file
    for (int i = 0; i < n; ++i)
        content += std::to_string(1704067200 + i) + ",u" + std::to_string(i % 3) + "," +
                   std::to_string(i) + "\n";
    ReadResult r = read_all(dir.write("inter.csv", content));
    std::size_t rows = 0;
    for (const auto& f : r.frames) {
        rows += f.rows();
        EXPECT_TRUE(std::is_sorted(f.time().begin(), f.time().end()));
    }
    EXPECT_EQ(rows, static_cast<std::size_t>(n));
    EXPECT_EQ(r.of("u0").size(), 1u) << "interleaved units are not cut into tiny chunks";
}

TEST(ReadWide, UnitSeenAgainLaterArrivesAsSecondChunk) {
    TempDir dir;
    std::string content = "timestamp,unit_id,x\n2024-01-01T00:00:00Z,a,1\n";
    for (int i = 0; i < 140000; ++i) content += std::to_string(1704067200 + i) + ",b,2\n";
    content += "2024-01-01T00:00:01Z,a,3\n";
    ReadResult r = read_all(dir.write("regroup.csv", content));
    ASSERT_EQ(r.of("a").size(), 2u) << "a was flushed while idle, then came back";
    EXPECT_EQ(r.of("a")[0]->at("x").values, std::vector<double>{1});
    EXPECT_EQ(r.of("a")[1]->at("x").values, std::vector<double>{3});
    EXPECT_EQ(r.frames.front().unit_id(), "a");
}
