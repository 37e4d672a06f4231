// The measurement chain: what a unit reports looks like a real controller's readings.

#include "heatloop/sim/sensors.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim_test_util.hpp"

using namespace heatloop;
using namespace heatloop::sim;
using namespace heatloop::sim::test;

TEST(Sensors, TemperaturesInTenthsOfADegreeSoSteadyOnesReadFlatForAnHour) {
    UnitConfig u = reference_unit_config(SourceType::air);
    auto weather = steady_weather(2.0, k_jan_2024, k_jan_2024 + 3 * k_day_ms);
    HouseholdSchedule quiet;
    UnitRun r = run_unit(u, weather, quiet, {}, k_jan_2024, 2.0);
    std::size_t longest_flat_indoor = 0, flat = 0;
    for (std::size_t i = 0; i < r.samples.size(); ++i) {
        for (std::size_t k = 0; k < k_sensor_count; ++k) {
            const double v = r.samples[i].temp(static_cast<Sensor>(k));
            if (std::isnan(v)) continue;
            ASSERT_NEAR(v * 10.0, std::round(v * 10.0), 1e-9) << "sensor " << k << " at " << i;
        }
        const bool same =
            i > 0 && r.samples[i].temp(Sensor::t_indoor) == r.samples[i - 1].temp(Sensor::t_indoor);
        flat = same ? flat + 1 : 0;
        longest_flat_indoor = std::max(longest_flat_indoor, flat);
    }
    // Without a fault the room sensor still shows an unchanged reading for an hour or more,
    // so "no change for an hour" is not by itself a stuck sensor.
    EXPECT_GE(longest_flat_indoor, 60u);
}
