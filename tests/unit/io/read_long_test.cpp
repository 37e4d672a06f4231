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
}

TEST(ReadLong, PivotsObservationsPerUnit) {
    TempDir dir;
    auto p = dir.write("long.csv",
                       "unit_id,timestamp,channel,value\n"
                       "hp1,2024-01-01T00:00:00Z,t_supply,35\n"
                       "hp1,2024-01-01T00:00:00Z,mode,1\n"
                       "hp1,2024-01-01T00:05:00Z,t_supply,36\n"
                       "hp1,2024-01-01T00:02:00Z,mode,2\n"
                       "hp2,2024-01-01T00:00:00Z,T_Supply,30\n");
    ReadResult r = read_all(p);
    EXPECT_EQ(r.summary.format, InputFormat::long_form);
    EXPECT_EQ(r.summary.rows, 5u);
    EXPECT_EQ(r.summary.values, 5u);
    const UnitFrame& hp1 = r.one("hp1");
    EXPECT_EQ(hp1.time(), (std::vector<Timestamp>{k_t0, k_t0 + 120000, k_t0 + 300000}));
    EXPECT_EQ(hp1.channel_names(), (std::vector<std::string>{"t_supply", "mode"}));
    const auto& ts = hp1.at("t_supply").values;
    EXPECT_EQ(ts[0], 35);
    EXPECT_TRUE(std::isnan(ts[1])) << "no observation at 00:02";
    EXPECT_EQ(ts[2], 36);
    EXPECT_EQ(hp1.at("mode").values[1], 2);
    const UnitFrame& hp2 = r.one("hp2");
    EXPECT_EQ(hp2.channel_names(), std::vector<std::string>{"t_supply"})
        << "only the channels the unit reported; standard spelling";
}

TEST(ReadLong, ChannelValuesGoThroughTheColumnMap) {
    TempDir dir;
    auto p = dir.write("vendor.csv",
                       "Device;Time;Signal;Reading\n"
                       "a;2024-01-01T00:00:00Z;Supply line (BT2);21,5\n"
                       "a;2024-01-01T00:01:00Z;BT3 Return;19\n");
    ReadOptions o;
    o.column_map = {{"Supply line (BT2)", "t_supply"}, {"bt3 return", "t_return"}};
    ReadResult r = read_all(p, o);
    const UnitFrame& a = r.one("a");
    EXPECT_EQ(a.channel_names(), (std::vector<std::string>{"t_supply", "t_return"}));
    EXPECT_EQ(a.at("t_supply").values[0], 21.5);
}

TEST(ReadLong, DuplicatesAndConflicts) {
    TempDir dir;
    auto p = dir.write("dup.csv",
                       "unit_id,timestamp,channel,value\n"
                       "hp1,2024-01-01T00:00:00Z,x,1\n"
                       "hp1,2024-01-01T00:00:00Z,x,1\n"
                       "hp1,2024-01-01T00:01:00Z,x,2\n"
                       "hp1,2024-01-01T00:01:00Z,x,3\n");
    std::string err = read_error(p);
    EXPECT_NE(err.find(p.string() + ":5:4: unit hp1: duplicate timestamp 2024-01-01T00:01:00Z "
                                    "with different value for x: 3 here, 2 on line 4"),
              std::string::npos)
        << err;
    ReadResult r = read_all(p, skipping());
    EXPECT_EQ(r.summary.duplicates_dropped, 1u);
    EXPECT_EQ(r.summary.skipped.size(), 1u);
    EXPECT_EQ(r.one("hp1").at("x").values, (std::vector<double>{1, 2}));
}

TEST(ReadLong, RejectedValueAddsNoObservation) {
    TempDir dir;
    auto p = dir.write("bad.csv",
                       "unit_id,timestamp,channel,value\n"
                       "hp1,2024-01-01T00:00:00Z,x,1\n"
                       "hp1,2024-01-01T00:01:00Z,x,oops\n"
                       "hp1,2024-01-01T00:02:00Z,,4\n");
    ReadResult r = read_all(p, skipping());
    ASSERT_EQ(r.summary.skipped.size(), 2u);
    EXPECT_EQ(r.summary.skipped[0].str(),
              p.string() + ":3:4: channel x: expected a number, got 'oops'");
    EXPECT_EQ(r.summary.skipped[1].str(), p.string() + ":4:3: channel is empty");
    EXPECT_EQ(r.one("hp1").rows(), 1u);
}

TEST(ReadLong, ForcedFormatNamesMissingColumns) {
    TempDir dir;
    auto p = dir.write("w.csv", "timestamp,unit_id,t_supply\n2024-01-01T00:00:00Z,a,1\n");
    ReadOptions o;
    o.format = InputFormat::long_form;
    std::string err = read_error(p, o);
    EXPECT_NE(err.find("no channel column for the long format; the header has: timestamp, unit_id, "
                       "t_supply"),
              std::string::npos)
        << err;
}
