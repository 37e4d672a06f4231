#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/io/read.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::test;

TEST(ReadWeather, LocationIsTheUnitAndOutdoorTempIsTOutdoor) {
    TempDir dir;
    auto p = dir.write("weather.csv",
                       "timestamp,location,outdoor_temp,solar_radiation,Wind Speed\n"
                       "2024-01-01T00:00:00Z,Zurich,-2.5,0,3\n"
                       "2024-01-01T01:00:00Z,Zurich,-3,0,4\n"
                       "2024-01-01T00:00:00Z,Bern,-4,0,1\n");
    ReadResult r = read_all(p);
    EXPECT_EQ(r.summary.format, InputFormat::weather);
    const UnitFrame& z = r.one("Zurich");
    EXPECT_EQ(z.channel_names(),
              (std::vector<std::string>{"t_outdoor", "solar_radiation", "wind_speed"}));
    EXPECT_EQ(z.at("t_outdoor").values, (std::vector<double>{-2.5, -3}));
    EXPECT_EQ(r.one("Bern").at("wind_speed").values, std::vector<double>{1});
}

TEST(ReadWeather, AliasesAndUnitKeyedWeather) {
    TempDir dir;
    auto p = dir.write("w.csv", "Date,Station,Temperature,GHI\n2024-01-01T00:00:00Z,S1,5,100\n");
    ReadResult r = read_all(p);
    EXPECT_EQ(r.summary.format, InputFormat::weather);
    EXPECT_EQ(r.one("S1").channel_names(),
              (std::vector<std::string>{"t_outdoor", "solar_radiation"}));

    auto u = dir.write("u.csv", "timestamp,unit_id,outdoor_temp\n2024-01-01T00:00:00Z,hp1,5\n");
    ReadResult ru = read_all(u);
    EXPECT_EQ(ru.summary.format, InputFormat::weather);
    EXPECT_EQ(ru.one("hp1").at("t_outdoor").values, std::vector<double>{5});

    auto wide = dir.write("s.csv", "timestamp,unit_id,t_outdoor\n2024-01-01T00:00:00Z,hp1,5\n");
    EXPECT_EQ(read_all(wide).summary.format, InputFormat::wide) << "sensor data, not weather";
}

TEST(ReadWeather, ForcedWeatherNeedsOutdoorTemp) {
    TempDir dir;
    auto p = dir.write("w.csv", "timestamp,location,humidity\n2024-01-01T00:00:00Z,S1,50\n");
    ReadOptions o;
    o.format = InputFormat::weather;
    EXPECT_NE(read_error(p, o).find("no outdoor_temp column for the weather format"),
              std::string::npos);
}
