// The households' meter format (Brudermueller et al.'s per-household export): detected from
// its header, meters as energy per interval only when declared, temperatures beside them.
#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/io/read.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::test;

namespace {

// Four 15-minute intervals of one household, energy per interval ending at the timestamp, as
// the shared files write them.
constexpr const char* k_export =
    "timestamp,kWh_aggregated,kWh_heat_pump,kWh_other_appliances,hourly_avgtemp,daily_avgtemp,"
    "daily_maxtemp,daily_mintemp\n"
    "2019-03-01 00:15:00+00:00,0.5,0.25,0.25,7,6,7,4\n"
    "2019-03-01 00:30:00+00:00,1.0,0.5,0.5,7,6,7,4\n"
    "2019-03-01 00:45:00+00:00,0.75,0.0,0.75,7,6,7,4\n"
    "2019-03-01 01:00:00+00:00,0.25,,0.25,6,6,7,4\n";

std::string message_of(const std::filesystem::path& p, const ReadOptions& o) {
    try {
        read_file(p, o, {});
    } catch (const InvalidInputError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(ReadHouseholdMeter, DetectedFromTheExportsHeader) {
    TempDir dir;
    EXPECT_EQ(detect_format(dir.write("1058711.csv", k_export)), InputFormat::household_meter);
    EXPECT_EQ(parse_format("household_meter"), InputFormat::household_meter);
    EXPECT_EQ(format_name(InputFormat::household_meter), "household_meter");
}

TEST(ReadHouseholdMeter, EnergyOrPowerIsNeverGuessed) {
    TempDir dir;
    const auto p = dir.write("1058711.csv", k_export);
    const std::string e = message_of(p, {});
    EXPECT_NE(e.find("1058711.csv"), std::string::npos) << e;
    EXPECT_NE(e.find("#2 'kWh_aggregated'"), std::string::npos) << e;
    EXPECT_NE(e.find("--energy-per-interval"), std::string::npos) << e;
}

TEST(ReadHouseholdMeter, EnergyPerIntervalBecomesPowerAndTemperaturesAreWeather) {
    TempDir dir;
    ReadOptions o;
    o.energy_per_interval = true;
    const ReadResult r = read_all(dir.write("1058711.csv", k_export), o);
    EXPECT_EQ(r.summary.format, InputFormat::household_meter);
    const UnitFrame& f = r.one("1058711");  // the household: the file name
    ASSERT_EQ(f.rows(), 4u);
    // 0.5 kWh in 15 min is 2 kW.
    EXPECT_DOUBLE_EQ(f.at("load").values[0], 2.0);
    EXPECT_DOUBLE_EQ(f.at("load_heat_pump").values[1], 2.0);
    EXPECT_DOUBLE_EQ(f.at("load_other").values[2], 3.0);
    EXPECT_TRUE(std::isnan(f.at("load_heat_pump").values[3]));  // empty stays missing
    EXPECT_DOUBLE_EQ(f.at("t_outdoor").values[3], 6.0);
    EXPECT_DOUBLE_EQ(f.at("t_outdoor_daily_max").values[0], 7.0);
    EXPECT_DOUBLE_EQ(f.at("t_outdoor_daily_min").values[0], 4.0);
    EXPECT_DOUBLE_EQ(f.at("t_outdoor_daily_mean").values[0], 6.0);
}

TEST(ReadHouseholdMeter, AUnitInTheMapDeclaresEachColumn) {
    TempDir dir;
    const auto p = dir.write("h.csv", k_export);
    ReadOptions o;
    o.column_map = {{"kWh_aggregated", "load:kW"},
                    {"kWh_heat_pump", "load_heat_pump:kW"},
                    {"kWh_other_appliances", "load_other:kWh"}};
    const ReadResult r = read_all(p, o);
    const UnitFrame& f = r.one("h");
    EXPECT_DOUBLE_EQ(f.at("load").values[0], 0.5);        // power as given
    EXPECT_DOUBLE_EQ(f.at("load_other").values[0], 1.0);  // energy -> power
    // One column left undeclared: refused, naming it.
    o.column_map.erase("kWh_heat_pump");
    const std::string e = message_of(p, o);
    EXPECT_NE(e.find("#3 'kWh_heat_pump'"), std::string::npos) << e;
    EXPECT_EQ(e.find("#2"), std::string::npos) << e;
    // Power declared and energy per interval asserted: contradictory, refused.
    o.column_map["kWh_heat_pump"] = "load_heat_pump:kWh";
    o.energy_per_interval = true;
    EXPECT_NE(message_of(p, o).find("give one"), std::string::npos);
}

TEST(ReadHouseholdMeter, AnUnknownColumnIsNamedNotStoredSomewhere) {
    TempDir dir;
    const auto p = dir.write("h.csv",
                             "timestamp,kWh_aggregated,kWh_heat_pump,humidity_inside\n"
                             "2019-03-01T00:15:00Z,1,0.5,40\n2019-03-01T00:30:00Z,1,0.5,41\n");
    ReadOptions o;
    o.energy_per_interval = true;
    const std::string e = message_of(p, o);
    EXPECT_NE(e.find("#4 'humidity_inside'"), std::string::npos) << e;
    EXPECT_NE(e.find("--drop \"#4\""), std::string::npos) << e;
    o.drop = {"humidity_inside"};
    EXPECT_EQ(read_all(p, o).one("h").at("load_heat_pump").values[1], 2.0);
}

TEST(ReadSmartmeter, AColumnThatSaysKwhNeedsEnergyOrPowerDeclared) {
    TempDir dir;
    const auto p = dir.write("m.csv",
                             "id,datetime,kwh\nm1,2024-01-01T00:00:00Z,0.25\n"
                             "m1,2024-01-01T00:15:00Z,0.5\n");
    const std::string e = message_of(p, {});
    EXPECT_NE(e.find("#3 'kwh'"), std::string::npos) << e;
    EXPECT_NE(e.find("--energy-per-interval"), std::string::npos) << e;
    ReadOptions o;
    o.energy_per_interval = true;
    EXPECT_DOUBLE_EQ(read_all(p, o).one("m1").at("load").values[1], 2.0);
    // A plain load column keeps meaning power (docs/formats.md), unless declared energy.
    const auto plain = dir.write("p.csv",
                                 "id,datetime,load\nm1,2024-01-01T00:00:00Z,0.25\n"
                                 "m1,2024-01-01T00:15:00Z,0.5\n");
    EXPECT_DOUBLE_EQ(read_all(plain).one("m1").at("load").values[1], 0.5);
    EXPECT_DOUBLE_EQ(read_all(plain, o).one("m1").at("load").values[1], 2.0);
}
