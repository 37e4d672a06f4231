// Opening workspaces, unit lookup, and the weather join.
#include "heatloop/io/workspace.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"
#include "heatloop/io/ingest.hpp"
#include "workspace_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::wstest;

TEST(Workspace, OpenRequiresAWorkspace) {
    TempDir dir;
    EXPECT_THROW(Workspace::open(dir / "missing"), NotFoundError);
    dir.write("file.txt", "x");
    std::filesystem::create_directory(dir / "plain");
    try {
        Workspace::open(dir / "plain");
        FAIL() << "no error";
    } catch (const NotFoundError& e) {
        EXPECT_TRUE(contains(e.what(), "not a heatloop workspace")) << e.what();
    }
    EXPECT_FALSE(Workspace::is_workspace(dir / "file.txt"));
}

TEST(Workspace, OpenOrCreateMakesTheLayout) {
    TempDir dir;
    const Workspace ws = Workspace::open_or_create(dir / "ws");
    EXPECT_TRUE(std::filesystem::is_directory(dir / "ws" / "data"));
    EXPECT_TRUE(std::filesystem::is_directory(ws.artifacts_dir()));
    EXPECT_EQ(ws.db_path(), dir / "ws" / "heatloop.db");
    EXPECT_TRUE(ws.units().empty());
    EXPECT_EQ(ws.step(), 0);
    EXPECT_NO_THROW(Workspace::open(dir / "ws"));
}

TEST(Workspace, UnknownUnitListsTheUnits) {
    TempDir dir;
    auto s = dir.write("s.csv",
                       "timestamp,unit_id,t_supply\n2024-01-01T00:00:00Z,hp1,30\n"
                       "2024-01-01T00:00:00Z,hp2,31\n");
    ingest({s}, quiet(), dir / "ws");
    const Workspace ws = Workspace::open(dir / "ws");
    try {
        ws.load_unit("hp9");
        FAIL() << "no error";
    } catch (const NotFoundError& e) {
        EXPECT_TRUE(contains(e.what(), "hp9") && contains(e.what(), "hp1, hp2")) << e.what();
    }
    EXPECT_THROW(ws.load_weather("nowhere"), NotFoundError);
    EXPECT_THROW(ws.load_meter("m0"), NotFoundError);
    EXPECT_THROW(describe_unit(ws, "hp9"), NotFoundError);
}

TEST(Workspace, WeatherIsJoinedAsOfOntoTheUnitGrid) {
    TempDir dir;
    auto units = dir.write("units.csv", "unit_id,type,location\nhp1,ASHP,Bern\nhp2,GSHP,Basel\n");
    // 10-minute sensor data over two hours; hourly weather for Bern only, 02:00 missing.
    std::string sensors = "timestamp,unit_id,t_supply\n";
    for (int m = 0; m <= 150; m += 10) sensors += format_iso(k_t0 + m * k_minute_ms) + ",hp1,35\n";
    sensors += "2024-01-01T00:00:00Z,hp2,40\n";
    auto s = dir.write("sensors.csv", sensors);
    auto w = dir.write("weather.csv",
                       "timestamp,location,outdoor_temp,solar_radiation\n"
                       "2024-01-01T00:00:00Z,Bern,-1,0\n"
                       "2024-01-01T01:00:00Z,Bern,-2,5\n"
                       "2024-01-01T03:00:00Z,Bern,-4,50\n");
    ingest({units, s, w}, quiet(), dir / "ws");
    const Workspace ws = Workspace::open(dir / "ws");

    const UnitFrame weather = ws.load_weather("Bern");
    EXPECT_EQ(weather.step(), k_hour_ms);  // native hourly grid, no 30-min fill gaps
    EXPECT_EQ(weather.rows(), 4u);
    EXPECT_TRUE(is_missing(weather.at("t_outdoor").values[2]));

    EXPECT_EQ(ws.weather_location_for("hp1"), std::optional<std::string>("Bern"));
    EXPECT_EQ(ws.weather_location_for("hp2"), std::nullopt);
    const UnitFrame f = ws.load_unit_with_weather("hp1");
    ASSERT_EQ(f.step(), k_minute_ms);
    const auto& t = f.at("t_outdoor").values;
    EXPECT_EQ(t[f.lower_bound(k_t0 + 59 * k_minute_ms)], -1);  // 00:59 still the 00:00 hour
    EXPECT_EQ(t[f.lower_bound(k_t0 + 60 * k_minute_ms)], -2);
    EXPECT_TRUE(is_missing(t[f.lower_bound(k_t0 + 130 * k_minute_ms)]));  // 02:00 hour missing
    EXPECT_EQ(f.at("solar_radiation").values[f.lower_bound(k_t0 + 61 * k_minute_ms)], 5);
    bool gap_recorded = false;
    for (const GapSpan& g : f.gaps())
        gap_recorded |= g.channel == "t_outdoor" && g.start == k_t0 + 120 * k_minute_ms;
    EXPECT_TRUE(gap_recorded);
    // hp2 has no weather: the frame is its sensor data only.
    EXPECT_EQ(ws.load_unit_with_weather("hp2").channel_names(),
              std::vector<std::string>{"t_supply"});

    const nlohmann::json d = describe_unit(ws, "hp1");
    EXPECT_EQ(d["units"][0]["weather_location"], "Bern");
    EXPECT_EQ(d["weather"][0]["location"], "Bern");
    EXPECT_EQ(d["weather"][0]["step"], "1h");
}
