#include "heatloop/sim/tank.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace heatloop::sim;

TEST(Tank, DrawsTakeHeatFromTheTopAndCoolTheMiddle) {
    TankParams p;
    p.volume_l = 200;
    Tank t(p, 52.0);
    double e0 = t.energy_kwh();
    double taken = 0;
    for (int minute = 0; minute < 8; ++minute) taken += t.draw(6.5, 10.0);  // a shower
    // Energy: 52 litres left at the top temperature and cold water replaced them.
    EXPECT_NEAR(taken, e0 - t.energy_kwh(), 1e-12);
    EXPECT_NEAR(taken, 52.0 * (52.0 - 10.0) * k_water_kwh_per_l_k, 0.05);
    EXPECT_GT(t.top(), 51.9);        // the top stays hot
    EXPECT_LT(t.mid(), 52.0 - 4.0);  // the middle cools by several kelvin
    EXPECT_LT(t.layer(Tank::k_layers - 1), 20.0);
    for (int i = 1; i < Tank::k_layers; ++i) EXPECT_LE(t.layer(i), t.layer(i - 1) + 1e-9);
}

TEST(Tank, CoilHeatsFromBelowAndMixesTheColumn) {
    TankParams p;
    Tank t(p, 52.0);
    for (int minute = 0; minute < 8; ++minute) t.draw(6.5, 10.0);
    double e0 = t.energy_kwh();
    t.heat(2.0);
    EXPECT_NEAR(t.energy_kwh(), e0 + 2.0, 1e-12);
    for (int i = 1; i < Tank::k_layers; ++i) EXPECT_LE(t.layer(i), t.layer(i - 1) + 1e-9);
    double mid = t.mid();
    for (int k = 0; k < 10; ++k) t.heat(0.3);
    EXPECT_GT(t.mid(), mid);
    EXPECT_GT(t.coil_zone(), 20.0);
}

TEST(Tank, StandingLossCoolsSlowly) {
    TankParams p;
    p.loss_w_per_k = 1.6;
    Tank t(p, 52.0);
    double lost = 0;
    for (int h = 0; h < 24; ++h) lost += t.lose(1.0, 17.0);
    // ~1.6 W/K x 33 K (on average) x 24 h = 1.3 kWh a day: a few kelvin in a 200 l tank.
    EXPECT_NEAR(lost, 1.6e-3 * 33 * 24, 0.1);
    EXPECT_NEAR(lost, 200 * k_water_kwh_per_l_k * (52.0 - t.mid()), 0.1);
    EXPECT_GT(t.mid(), 45.0);
    EXPECT_LT(t.mid(), 50.0);
}

TEST(Tank, WithoutDrawsItCoolsAtTheRateItsLossCoefficientImplies) {
    // A mixed tank loses UA (T - T_room) and cools exponentially with the time constant
    // C / UA, C = volume x heat capacity of water: 200 l at 1.6 W/K take 6 days (145 h).
    TankParams p;
    p.volume_l = 200;
    p.loss_w_per_k = 1.6;
    Tank t(p, 55.0);
    const double room = 18.0;
    const double c_kwh_per_k = p.volume_l * k_water_kwh_per_l_k;
    const double tau_h = c_kwh_per_k / (p.loss_w_per_k / 1000.0);
    EXPECT_NEAR(tau_h, 145.3, 0.1);
    double lost = 0;
    for (int minute = 1; minute <= 48 * 60; ++minute) {
        lost += t.lose(1.0 / 60.0, room);
        if (minute % 60 != 0) continue;
        const double expected = room + (55.0 - room) * std::exp(-minute / 60.0 / tau_h);
        ASSERT_NEAR(t.top(), expected, 1e-9) << minute;
        ASSERT_NEAR(t.mid(), expected, 1e-9) << minute;
    }
    EXPECT_NEAR(lost, c_kwh_per_k * (55.0 - t.mid()), 1e-9);
    // About 0.25 K an hour at first, 5.6 K in the first day.
    EXPECT_NEAR(55.0 - (room + (55.0 - room) * std::exp(-24.0 / tau_h)), 5.6, 0.1);
    // The loss at each moment is UA (T - T_room) for any stratification: after a shower the
    // tank loses what its layers' mean temperature implies.
    Tank s(p, 52.0);
    for (int minute = 0; minute < 8; ++minute) s.draw(6.5, 10.0);
    const double mean = s.energy_kwh() / c_kwh_per_k;
    EXPECT_NEAR(s.lose(1.0 / 60.0, room), p.loss_w_per_k / 1000.0 * (mean - room) / 60.0, 1e-6);
}
