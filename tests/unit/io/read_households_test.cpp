#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/io/read.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::test;

TEST(ReadHouseholds, DesignColumnsWithUnitLinkAndExtras) {
    TempDir dir;
    auto p = dir.write("households.csv",
                       "household_id,has_heat_pump,heat_pump_type,unit_id,location,occupants\n"
                       "h1,1,ASHP,hp1,Zurich,3\n"
                       "h2,false,,,Bern,2\n"
                       "h3,,,,Basel,1\n"
                       "h1,1,ASHP,hp1,Zurich,3\n");
    bool called = false;
    ReadSummary s = read_file(p, {}, [&](UnitFrame&&) { called = true; });
    EXPECT_FALSE(called);
    EXPECT_EQ(s.format, InputFormat::households);
    EXPECT_TRUE(s.units.empty());  // never read as heat-pump units
    EXPECT_EQ(s.rows, 4u);
    EXPECT_EQ(s.duplicates_dropped, 1u);
    ASSERT_EQ(s.households.size(), 3u);
    HouseholdInfo h1{"h1", true, "ASHP", "hp1", "Zurich", {{"occupants", "3"}}};
    EXPECT_EQ(s.households[0], h1);
    EXPECT_EQ(s.households[1].has_heat_pump, std::optional<bool>(false));
    EXPECT_EQ(s.households[1].unit_id, "");
    EXPECT_FALSE(s.households[2].has_heat_pump.has_value());  // empty: unknown
}

TEST(ReadHouseholds, SimulatorHeaderIsDetected) {
    TempDir dir;
    auto p = dir.write("households.csv",
                       "id,has_heat_pump,location,occupants,workers,electric_water_heater\n"
                       "unit_0001,1,zurich,2,1,0\nhh_0001,0,zurich,4,2,1\n");
    EXPECT_EQ(detect_format(p), InputFormat::households);
    ReadResult r = read_all(p);
    ASSERT_EQ(r.summary.households.size(), 2u);
    EXPECT_EQ(r.summary.households[0].household_id, "unit_0001");
    EXPECT_EQ(r.summary.households[0].has_heat_pump, std::optional<bool>(true));
    EXPECT_EQ(r.summary.households[1].has_heat_pump, std::optional<bool>(false));
    EXPECT_EQ(r.summary.households[1].extra.at("electric_water_heater"), "1");
    EXPECT_EQ(r.summary.households[1].location, "zurich");
}

TEST(ReadHouseholds, BooleanSpellings) {
    TempDir dir;
    auto p =
        dir.write("h.csv", "household_id,has_heat_pump\na,TRUE\nb,False\nc,yes\nd,No\ne,0\nf,1\n");
    ReadResult r = read_all(p);
    std::vector<bool> got;
    for (const HouseholdInfo& h : r.summary.households) got.push_back(h.has_heat_pump.value());
    EXPECT_EQ(got, (std::vector<bool>{true, false, true, false, false, true}));
}

TEST(ReadHouseholds, BadBooleanNamesFileLineColumnAndReason) {
    TempDir dir;
    auto p = dir.write("households.csv",
                       "household_id,location,has_heat_pump\nh1,Zurich,1\nh2,Bern,maybe\n");
    const std::string err = read_error(p);
    EXPECT_NE(err.find(p.string() +
                       ":3:3: household h2: has_heat_pump: expected a boolean 0/1/true/false"),
              std::string::npos)
        << err;
    EXPECT_NE(err.find("'maybe'"), std::string::npos) << err;
    ReadResult r = read_all(p, skipping());
    ASSERT_EQ(r.summary.households.size(), 1u);
    EXPECT_EQ(r.summary.skipped_count, 1u);
}

TEST(ReadHouseholds, ContradictionsAndConflictsAreProblems) {
    TempDir dir;
    auto p = dir.write("households.csv",
                       "household_id,has_heat_pump,heat_pump_type,unit_id\n"
                       "h1,0,ASHP,\n"
                       "h2,1,GSHP,hp2\n"
                       "h2,1,ASHP,hp2\n");
    const std::string err = read_error(p);
    EXPECT_NE(err.find(":2:3: household h1: has_heat_pump is false but heat_pump_type is 'ASHP'"),
              std::string::npos)
        << err;
    EXPECT_NE(err.find(":4:1: household h2 listed twice with different fields (first on line 3"),
              std::string::npos)
        << err;
}

TEST(ReadHouseholds, ForcedFormatReadsRealMetadataWithoutTarget) {
    TempDir dir;
    auto p = dir.write("meta_data.csv",
                       "customer_id,earliest_date,dhw_production\n1058711,2019-03-01,True\n");
    ReadOptions o;
    o.format = InputFormat::households;
    ReadResult r = read_all(p, o);
    ASSERT_EQ(r.summary.households.size(), 1u);
    EXPECT_EQ(r.summary.households[0].household_id, "1058711");
    EXPECT_FALSE(r.summary.households[0].has_heat_pump.has_value());
    EXPECT_EQ(r.summary.households[0].extra.at("dhw_production"), "True");
}

TEST(ReadHouseholds, WithoutHouseholdColumnIsRefused) {
    TempDir dir;
    auto p = dir.write("h.csv", "unit_id,has_heat_pump\nhp1,1\n");
    const std::string err = read_error(p);
    EXPECT_NE(err.find("needs a household_id (or id) column"), std::string::npos) << err;
}

TEST(ReadHouseholds, MeterNames) {
    EXPECT_EQ(parse_meter("heat_pump"), MeterKind::heat_pump);
    EXPECT_EQ(parse_meter(" Total "), MeterKind::total);
    EXPECT_THROW(parse_meter("hp"), InvalidInputError);
    EXPECT_EQ(meter_channel(MeterKind::total), "load");
    EXPECT_EQ(meter_channel(MeterKind::heat_pump), "load_heat_pump");
    EXPECT_EQ(meter_channel(MeterKind::other), "load_other");
    EXPECT_EQ(meter_of_channel("load_other"), MeterKind::other);
    EXPECT_FALSE(meter_of_channel("t_supply").has_value());
    EXPECT_EQ(parse_format("households"), InputFormat::households);
}

TEST(ReadHouseholds, SubMeterFileIsReadUnderItsChannel) {
    TempDir dir;
    auto p = dir.write("hp.csv", "id,datetime,load\nh1,2024-01-01T00:00:00Z,0.5\n");
    ReadOptions o;
    o.meter = MeterKind::heat_pump;
    ReadResult r = read_all(p, o);
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.one("h1").channel_names(), std::vector<std::string>{"load_heat_pump"});
}
