// Ingest of the households' meter format: the meters go to the household's meter series, the
// temperatures to its weather (under the household id), a meter joins its weather on load,
// and a refused file leaves the workspace byte-identical.
#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/io/ingest.hpp"
#include "heatloop/io/workspace.hpp"
#include "workspace_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::wstest;

namespace {

constexpr const char* k_export =
    "timestamp,kWh_aggregated,kWh_heat_pump,kWh_other_appliances,hourly_avgtemp\n"
    "2019-03-01 00:15:00+00:00,0.5,0.25,0.25,7\n"
    "2019-03-01 00:30:00+00:00,1.0,0.5,0.5,7\n"
    "2019-03-01 00:45:00+00:00,0.75,0.0,0.75,7\n"
    "2019-03-01 01:00:00+00:00,0.25,0.0,0.25,6\n";

}  // namespace

TEST(IngestHouseholdMeter, MetersAndWeatherOfTheHousehold) {
    TempDir dir;
    IngestOptions o = quiet();
    o.energy_per_interval = true;
    const IngestReport r = ingest({dir.write("1058711.csv", k_export)}, o, dir / "ws");
    EXPECT_EQ(r.meters, (std::vector<std::string>{"1058711"}));
    EXPECT_EQ(r.weather_locations, (std::vector<std::string>{"1058711"}));
    EXPECT_TRUE(r.units_created.empty());  // never heat-pump units
    const Workspace ws = Workspace::open(dir / "ws");
    EXPECT_EQ(ws.meters_of("1058711"), (std::vector<std::string>{"total", "heat_pump", "other"}));
    const UnitFrame m = ws.load_meter("1058711");
    EXPECT_EQ(m.step(), 15 * k_minute_ms);  // the meter keeps its own grid
    EXPECT_EQ(m.find("t_outdoor"), nullptr);
    const UnitFrame joined = ws.load_meter_with_weather("1058711");
    ASSERT_EQ(joined.rows(), 4u);
    EXPECT_DOUBLE_EQ(joined.at("load").values[1], 4.0);  // 1 kWh in 15 min
    EXPECT_DOUBLE_EQ(joined.at("load_heat_pump").values[0], 1.0);
    EXPECT_DOUBLE_EQ(joined.at("t_outdoor").values[3], 6.0);
}

TEST(IngestHouseholdMeter, WithoutADeclaredUnitNothingIsStored) {
    TempDir dir;
    IngestOptions o = quiet();
    o.energy_per_interval = true;
    ingest({dir.write("a.csv", k_export)}, o, dir / "ws");
    const auto before = fingerprint(dir / "ws");
    try {
        ingest({dir.write("b.csv", std::string(k_export) + "2019-03-01 01:15:00+00:00,1,0,1,6\n")},
               quiet(), dir / "ws");
        FAIL() << "an export without --energy-per-interval or units was ingested";
    } catch (const InvalidInputError& e) {
        EXPECT_TRUE(contains(e.what(), "b.csv")) << e.what();
        EXPECT_TRUE(contains(e.what(), "--energy-per-interval")) << e.what();
    }
    EXPECT_EQ(fingerprint(dir / "ws"), before);
}
