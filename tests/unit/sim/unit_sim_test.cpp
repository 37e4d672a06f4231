// Physical invariants of a healthy unit: COP band, indoor comfort, tank range, energy balance.

#include "heatloop/sim/unit_sim.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim_test_util.hpp"

using namespace heatloop;
using namespace heatloop::sim;
using namespace heatloop::sim::test;

namespace {

// A drawn unit with its household in drawn January weather, without faults.
struct HealthyRun {
    UnitConfig config;
    WeatherSeries weather;
    HouseholdSchedule schedule;
    UnitRun run;
};

HealthyRun healthy(int index, double days = 21) {
    HealthyRun h;
    Rng climate_rng(derive_seed(3, Stream::climate, 0));
    ClimateParams climate = draw_climate("loc-test", climate_rng);
    Rng weather_rng(derive_seed(3, Stream::weather, 0));
    Timestamp end = k_jan_2024 + static_cast<Timestamp>(days * k_day_ms);
    h.weather = generate_weather(climate, k_jan_2024, end, 10 * k_minute_ms, weather_rng);
    Rng config_rng(derive_seed(3, Stream::unit_config, static_cast<std::uint64_t>(index)));
    h.config = draw_unit_config(index, climate, config_rng);
    Rng household_rng(derive_seed(3, Stream::household, static_cast<std::uint64_t>(index)));
    h.schedule = plan_routine(h.config.household, k_jan_2024, end, household_rng);
    plan_appliances(h.config.household, h.schedule, household_rng);
    h.run = run_unit(h.config, h.weather, h.schedule, {}, k_jan_2024, days);
    return h;
}

class HealthyUnit : public ::testing::TestWithParam<int> {};

}  // namespace

TEST_P(HealthyUnit, CopStaysInThePhysicalBand) {
    HealthyRun h = healthy(GetParam());
    const UnitRun& r = h.run;
    int running = 0;
    double heat = 0, power = 0;
    for (std::size_t i = 0; i < r.samples.size(); ++i) {
        if (!steady_running(r, i)) continue;
        ++running;
        const SampleTruth& t = r.samples[i].truth;
        ASSERT_GE(t.cop, 1.5) << i << " mode " << r.samples[i].mode;
        ASSERT_LE(t.cop, 6.0) << i;
        heat += t.hp_heat_kw;
        power += t.hp_power_kw;
        // The measured heat meter agrees with the truth within its noise.
        if (h.config.has_heat_meter) {
            ASSERT_NEAR(r.samples[i].heat_output / r.samples[i].compressor_power, t.cop,
                        0.08 * t.cop);
        }
    }
    EXPECT_GT(running, 1000);
    double scop = heat / power;  // January seasonal COP
    EXPECT_GT(scop, 2.0);
    EXPECT_LT(scop, 5.0);
}

TEST_P(HealthyUnit, IndoorStaysNearSetpointWhileHeating) {
    HealthyRun h = healthy(GetParam());
    const UnitRun& r = h.run;
    double sp = h.config.house.setpoint_c;
    double sum = 0, lo = 1e9, hi = -1e9;
    for (std::size_t i = 2 * 1440; i < r.samples.size(); ++i) {  // after two days settling
        double t = r.samples[i].truth.temps[static_cast<std::size_t>(Sensor::t_indoor)];
        sum += t;
        lo = std::min(lo, t);
        hi = std::max(hi, t);
    }
    double mean = sum / static_cast<double>(r.samples.size() - 2 * 1440);
    // A room sensor lets the controller trim the curve; without one the house floats more.
    double tol = h.config.has_room_sensor ? 0.8 : 2.0;
    EXPECT_NEAR(mean, sp, tol);
    EXPECT_GT(lo, sp - 2.0 * tol);
    EXPECT_LT(hi, sp + 3.0 * tol);
}

TEST_P(HealthyUnit, TankAndLoopTemperaturesStayInRange) {
    HealthyRun h = healthy(GetParam());
    for (const Sample& s : h.run.samples) {
        for (Sensor k : {Sensor::t_tank_top, Sensor::t_tank_mid}) {
            ASSERT_GT(s.temp(k), 3.0);
            ASSERT_LT(s.temp(k), h.config.tank.setpoint_c + 8.0);
        }
        ASSERT_GE(s.temp(Sensor::t_tank_top), s.temp(Sensor::t_tank_mid) - 1.0);  // stratified
        ASSERT_LT(s.temp(Sensor::t_supply), 65.0);
        ASSERT_GT(s.temp(Sensor::t_supply), 0.0);
        ASSERT_GE(s.compressor_power, 0.0);
        ASSERT_TRUE(s.mode >= 0 && s.mode <= 3);
        if (s.compressor_on == 0) {
            ASSERT_EQ(s.compressor_power, 0.0);
        }
        if (h.config.hp.source == SourceType::ground) {
            ASSERT_FALSE(std::isnan(s.temp(Sensor::t_brine_in)));
            ASSERT_GT(s.temp(Sensor::t_brine_in), -10.0);
            ASSERT_LT(s.temp(Sensor::t_brine_in), 20.0);
            ASSERT_NE(s.mode, 3);  // only air-source units defrost
        } else {
            ASSERT_TRUE(std::isnan(s.temp(Sensor::t_brine_in)));
        }
        ASSERT_EQ(std::isnan(s.temp(Sensor::t_indoor)), !h.config.has_room_sensor);
        ASSERT_EQ(std::isnan(s.heat_output), !h.config.has_heat_meter);
    }
}

TEST_P(HealthyUnit, EnergyIsConserved) {
    HealthyRun h = healthy(GetParam(), 10);
    const UnitRun& r = h.run;
    double in = 0, out = 0;
    for (std::size_t i = 0; i + 1 < r.samples.size(); ++i) {
        const SampleTruth& t = r.samples[i].truth;
        in += (t.hp_heat_kw + t.aux_kw + t.gains_kw) / 60.0;
        out += (t.house_loss_kw + t.draw_kw + t.tank_loss_kw) / 60.0;
    }
    auto stored = [](const SampleTruth& t) { return t.house_kwh + t.loop_kwh + t.tank_kwh; };
    double delta = stored(r.samples.back().truth) - stored(r.samples.front().truth);
    EXPECT_NEAR(in - out, delta, 1e-6 * in);
    // And the house's loss follows UA (T_in - T_out) on average (windows closed in winter).
    double loss = 0, ua_dt = 0;
    for (const Sample& s : r.samples) {
        loss += s.truth.house_loss_kw;
        ua_dt += h.config.house.ua_kw_per_k *
                 (s.truth.temps[static_cast<std::size_t>(Sensor::t_indoor)] -
                  s.truth.temps[static_cast<std::size_t>(Sensor::t_outdoor)]);
    }
    EXPECT_NEAR(loss, ua_dt, 0.03 * ua_dt);
}

INSTANTIATE_TEST_SUITE_P(DrawnUnits, HealthyUnit, ::testing::Values(0, 1, 2, 3, 4, 5, 6, 7));

TEST(UnitSim, AirSourceDefrostsInColdHumidWeatherOnly) {
    UnitConfig u = reference_unit_config(SourceType::air);
    HouseholdSchedule quiet;
    auto count = [&](double t, double rh) {
        auto w = steady_weather(t, k_jan_2024, k_jan_2024 + 3 * k_day_ms, rh);
        UnitRun r = run_unit(u, w, quiet, {}, k_jan_2024, 2.0);
        int defrost = 0;
        for (std::size_t i = 1; i < r.samples.size(); ++i)
            defrost += r.samples[i].mode == 3 && r.samples[i - 1].mode != 3;
        return defrost;
    };
    EXPECT_GT(count(1.0, 0.95), 20);  // about every hour of running
    EXPECT_EQ(count(1.0, 0.45), 0);   // dry air: no frost
    EXPECT_EQ(count(12.0, 0.95), 0);  // warm coil: no frost
    EXPECT_EQ(reference_unit_config(SourceType::ground).hp.source, SourceType::ground);
}

TEST(UnitSim, GroundSourceBrineIsColderLeavingAndCoolsUnderLoad) {
    UnitConfig u = reference_unit_config(SourceType::ground);
    HouseholdSchedule quiet;
    auto w = steady_weather(-8.0, k_jan_2024, k_jan_2024 + 12 * k_day_ms);
    UnitRun r = run_unit(u, w, quiet, {}, k_jan_2024, 10.0);
    for (std::size_t i = 0; i < r.samples.size(); ++i) {
        if (steady_running(r, i)) {
            ASSERT_LT(r.samples[i].truth.temps[7], r.samples[i].truth.temps[6] - 1.0) << i;
        }
    }
    auto brine_in = [&](double day) {
        return mean_over(
            r, static_cast<std::size_t>(day * 1440), static_cast<std::size_t>((day + 1) * 1440),
            [](const Sample& s) { return s.truth.temps[6]; },
            [](const Sample& s) { return s.compressor_on == 1; });
    };
    EXPECT_LT(brine_in(9), brine_in(0) - 0.5);  // the borehole cools under sustained load
}

TEST(UnitSim, WithoutDrawsTheTankCoolsByStandingLossAndIsReheatedByTheThresholdRule) {
    // Summer (no space heating) and nobody drawing hot water: the tank only cools by its
    // standing loss, and hot-water production follows the controller's thresholds on the
    // measured mean of t_tank_top and t_tank_mid.
    UnitConfig config = reference_unit_config(SourceType::air);
    const TankParams& tank = config.tank;
    const double days = 9;
    const Timestamp end = k_jan_2024 + static_cast<Timestamp>(days * k_day_ms);
    const WeatherSeries weather = steady_weather(22.0, k_jan_2024, end);
    const HouseholdSchedule nobody;
    const UnitRun r = run_unit(config, weather, nobody, {}, k_jan_2024, days);
    auto measured_mean = [&](std::size_t i) {
        return 0.5 *
               (r.samples[i].temp(Sensor::t_tank_top) + r.samples[i].temp(Sensor::t_tank_mid));
    };
    auto truth = [&](std::size_t i, Sensor s) {
        return r.samples[i].truth.temps[static_cast<std::size_t>(s)];
    };
    const double start_below = tank.setpoint_c - tank.hysteresis_k;
    const double c_kwh_per_k = tank.volume_l * k_water_kwh_per_l_k;
    int starts = 0, ends = 0;
    std::size_t off_from = 0;  // first sample after the last hot-water run
    for (std::size_t i = 1; i < r.samples.size(); ++i) {
        ASSERT_EQ(r.samples[i].truth.hot_water_l, 0.0);
        ASSERT_NE(r.samples[i].mode, 1) << "space heating in summer at " << i;
        const bool now = r.samples[i].mode == 2, before = r.samples[i - 1].mode == 2;
        if (now && !before) {
            ++starts;
            // Production starts at the first reading below setpoint - hysteresis.
            EXPECT_LT(measured_mean(i), start_below) << i;
            for (std::size_t k = off_from; k < i; ++k)
                ASSERT_GE(measured_mean(k), start_below) << k << " (start at " << i << ")";
            // Cooling until then: the tank lost UA (T - T_room) per hour, T its mean.
            if (off_from > 0 && i - off_from > 12 * 60) {
                double lost = 0, predicted = 0;
                for (std::size_t k = off_from; k < i; ++k) {
                    const SampleTruth& t = r.samples[k].truth;
                    lost += t.tank_loss_kw / 60.0;
                    // The tank stands between the living space and the plant room (15 °C).
                    const double room = 0.5 * truth(k, Sensor::t_indoor) + 0.5 * 15.0;
                    predicted +=
                        tank.loss_w_per_k / 1000.0 * (t.tank_kwh / c_kwh_per_k - room) / 60.0;
                }
                EXPECT_NEAR(lost, predicted, 1e-3 * predicted);
                const double drop =
                    r.samples[off_from].truth.tank_kwh - r.samples[i].truth.tank_kwh;
                EXPECT_NEAR(drop, lost, 1e-6);
                // The middle sensor falls at about the mean's rate (no draws to stratify).
                const double hours = static_cast<double>(i - off_from) / 60.0;
                const double mid_rate =
                    (truth(off_from, Sensor::t_tank_mid) - truth(i, Sensor::t_tank_mid)) / hours;
                EXPECT_NEAR(mid_rate, drop / c_kwh_per_k / hours,
                            0.05 * drop / c_kwh_per_k / hours);
                EXPECT_GT(mid_rate, 0.1);  // K per hour: a 200 l tank at 1.6 W/K
                EXPECT_LT(mid_rate, 0.4);
            }
        }
        if (before && !now) {
            ++ends;
            // And stops at the first reading at or above the setpoint.
            EXPECT_GE(measured_mean(i), tank.setpoint_c) << i;
            EXPECT_LT(measured_mean(i - 1), tank.setpoint_c) << i;
            off_from = i;
        }
    }
    EXPECT_GE(starts, 2);
    EXPECT_GE(ends, 2);
}
