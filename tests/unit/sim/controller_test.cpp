// The controller's hot-water rule (the hot-water paper's threshold controller): production
// starts when the mean of t_tank_mid and t_tank_top falls below setpoint - hysteresis and
// stops when it reaches the setpoint; the mean counts, not either sensor.

#include "heatloop/sim/controller.hpp"

#include <gtest/gtest.h>

using namespace heatloop::sim;

namespace {

constexpr double k_minute_h = 1.0 / 60.0;

TankParams tank() {
    TankParams t;
    t.setpoint_c = 52.0;
    t.hysteresis_k = 6.0;  // production starts below 46
    return t;
}

// Summer (no space heating), the heating water at rest.
ControlInputs summer(double top, double mid, bool heating_tank) {
    ControlInputs in;
    in.t_outdoor = 22.0;
    in.t_supply = in.t_return = 25.0;
    in.t_indoor = 23.0;
    in.t_tank_top = top;
    in.t_tank_mid = mid;
    in.hot_water_running = heating_tank;
    return in;
}

}  // namespace

TEST(Controller, HotWaterStartsBelowSetpointLessHysteresisAndStopsAtSetpoint) {
    Controller c(ControlParams{}, 21.0, tank(), 22.0);
    // Cooling from the setpoint: no request down to the start threshold itself.
    for (double mean = 52.0; mean >= 46.0; mean -= 0.25) {
        ASSERT_EQ(c.update(summer(mean + 3.0, mean - 3.0, false), k_minute_h), Request::none)
            << mean;
    }
    EXPECT_FALSE(c.heating_enabled());
    // Just below it: hot water.
    EXPECT_EQ(c.update(summer(48.95, 42.95, false), k_minute_h), Request::hot_water);
    // Heating up: still hot water below the setpoint, for as long as it takes.
    for (double mean = 46.0; mean < 52.0; mean += 0.05)
        ASSERT_EQ(c.update(summer(mean + 1.0, mean - 1.0, true), k_minute_h), Request::hot_water)
            << mean;
    EXPECT_GT(c.hot_water_minutes(), 100.0);  // no time limit without space-heating demand
    // At the setpoint: done.
    EXPECT_EQ(c.update(summer(52.5, 51.5, true), k_minute_h), Request::none);
    // And not again until the mean falls below 46 once more.
    EXPECT_EQ(c.update(summer(50.0, 43.0, false), k_minute_h), Request::none);  // mean 46.5
    EXPECT_EQ(c.update(summer(50.0, 41.0, false), k_minute_h), Request::hot_water);
}

TEST(Controller, TheMeanOfTopAndMiddleDecidesNotEitherSensor) {
    // A shower leaves a hot top over a cold middle: the mean is what counts.
    Controller a(ControlParams{}, 21.0, tank(), 22.0);
    EXPECT_EQ(a.update(summer(55.0, 38.0, false), k_minute_h), Request::none);       // mean 46.5
    EXPECT_EQ(a.update(summer(55.0, 36.0, false), k_minute_h), Request::hot_water);  // 45.5
    // While heating, a hot top alone does not stop it.
    EXPECT_EQ(a.update(summer(58.0, 45.0, true), k_minute_h), Request::hot_water);  // 51.5
    EXPECT_EQ(a.update(summer(58.0, 46.0, true), k_minute_h), Request::none);       // 52
}

TEST(Controller, ALongHotWaterRunGivesSpaceHeatingATurnThenResumes) {
    // Winter: the house calls for heat while the tank is heated. After dhw_max_min of
    // hot water the controller switches to space heating and retries 30 minutes later.
    ControlParams p;
    p.dhw_max_min = 60.0;
    Controller c(p, 21.0, tank(), -5.0);
    ControlInputs in = summer(44.0, 40.0, false);
    in.t_outdoor = -5.0;
    in.t_supply = in.t_return = 22.0;  // cold heating water: space demand
    in.t_indoor = 20.0;
    ASSERT_EQ(c.update(in, k_minute_h), Request::hot_water);
    in.hot_water_running = true;
    int minutes = 1;
    while (c.update(in, k_minute_h) == Request::hot_water && minutes < 500) ++minutes;
    EXPECT_EQ(minutes, 60);
    in.hot_water_running = false;
    int waited = 1;
    while (c.update(in, k_minute_h) != Request::hot_water && waited < 500) ++waited;
    EXPECT_EQ(waited, 30);
}
