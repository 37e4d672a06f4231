#include "heatloop/sim/house.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace heatloop::sim;

TEST(House, FreeCoolingFollowsTheTimeConstantExactly) {
    HouseParams p;
    p.ua_kw_per_k = 0.2;
    p.capacity_kwh_per_k = 10.0;
    EXPECT_DOUBLE_EQ(p.time_constant_h(), 50.0);
    House h(p, 20.0);
    double loss = 0;
    for (int i = 0; i < 50 * 60; ++i) loss += h.step(1.0 / 60.0, 0.0, 0.0, false);
    EXPECT_NEAR(h.t_indoor(), 20.0 * std::exp(-1.0), 1e-9);  // one time constant
    EXPECT_NEAR(loss, 10.0 * (20.0 - h.t_indoor()), 1e-9);   // the heat came out of storage
}

TEST(House, SteadyStateBalancesHeatAndLoss) {
    HouseParams p;
    House h(p, 5.0);
    // 4 kW into a 0.2 kW/K house at -5 degC settles at -5 + 4 / 0.2 = 15 degC.
    for (int i = 0; i < 24 * 60; ++i) h.step(1.0, -5.0, 4.0, false);
    EXPECT_NEAR(h.t_indoor(), 15.0, 1e-6);
    EXPECT_NEAR(h.step(1.0, -5.0, 4.0, false), 4.0, 1e-6);
    // Open windows raise the loss coefficient.
    House open(p, 20.0), shut(p, 20.0);
    EXPECT_GT(open.step(1.0, 0.0, 0.0, true), shut.step(1.0, 0.0, 0.0, false));
}

TEST(HeatingLoop, DeliversHeatThroughTheEmitters) {
    LoopParams p;
    p.capacity_kwh_per_k = 0.5;
    p.emitter_kw_per_k = 0.4;
    HeatingLoop loop(p, 35.0);
    double delivered = 0;
    for (int i = 0; i < 60; ++i) delivered += loop.step(1.0 / 60.0, 20.0, 0.0, 1.0);
    // Cooling towards the room with tau = C / K = 1.25 h; the heat went to the room.
    EXPECT_NEAR(loop.t_water(), 20.0 + 15.0 * std::exp(-1.0 / 1.25), 1e-9);
    EXPECT_NEAR(delivered, 0.5 * (35.0 - loop.t_water()), 1e-9);
    // Without flow (factor ~0) the heat stays in the water.
    HeatingLoop still(p, 35.0);
    EXPECT_NEAR(still.step(1.0, 20.0, 2.0, 0.0), 0.0, 1e-12);
    EXPECT_NEAR(still.t_water(), 39.0, 1e-12);
}
