#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/io/read.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::test;

TEST(ReadSmartmeter, ManyMetersOneFileChannelIsLoad) {
    TempDir dir;
    auto p = dir.write("smartmeter.csv",
                       "id,datetime,load\n"
                       "m1,2024-01-01T00:15:00Z,0.8\n"
                       "m1,2024-01-01T00:00:00Z,0.5\n"
                       "m2,2024-01-01T00:00:00Z,1.25\n");
    ReadResult r = read_all(p);
    EXPECT_EQ(r.summary.format, InputFormat::smartmeter);
    ASSERT_EQ(r.frames.size(), 2u);
    const UnitFrame& m1 = r.one("m1");
    EXPECT_EQ(m1.channel_names(), std::vector<std::string>{"load"});
    EXPECT_EQ(m1.at("load").values, (std::vector<double>{0.5, 0.8}));
    EXPECT_EQ(r.one("m2").at("load").values, std::vector<double>{1.25});
}

TEST(ReadSmartmeter, AliasesAndForcedThirdColumn) {
    TempDir dir;
    auto p = dir.write("sm.csv", "Meter_ID,Time,kWh\nm1,1704067200,2.5\n");
    // A column that says kWh is energy or power only as declared (never guessed).
    EXPECT_NE(read_error(p).find("--energy-per-interval"), std::string::npos);
    ReadOptions power;
    power.column_map = {{"kWh", "load:kW"}};
    ReadResult r = read_all(p, power);
    EXPECT_EQ(r.summary.format, InputFormat::smartmeter);
    EXPECT_EQ(r.one("m1").at("load").values, std::vector<double>{2.5});

    auto q = dir.write("sm2.csv", "id,datetime,energy_15min\nm1,1704067200,2.5\n");
    ReadOptions o;
    o.format = InputFormat::smartmeter;
    ReadResult forced = read_all(q, o);
    EXPECT_EQ(forced.one("m1").at("load").values, std::vector<double>{2.5});
    EXPECT_EQ(read_all(q).summary.format, InputFormat::wide) << "not detected as smartmeter";

    auto w = dir.write("sm3.csv", "id,datetime,load,extra\nm1,1704067200,2.5,1\n");
    EXPECT_NE(read_error(w, o).find("a smartmeter file has three columns"), std::string::npos);
}
