#include "heatloop/testbench/injection.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "unit/testbench/fixtures.hpp"

using namespace heatloop;
using namespace heatloop::testbench;
using namespace heatloop::testbench::testing;

namespace {

const Duration step = 10 * k_minute_ms;

InjectedFailure day_two(double tau_h = 40.0) {
    return {"u", k_t0 + 2 * k_day_ms, k_t0 + 3 * k_day_ms, tau_h};
}

}  // namespace

TEST(Injection, ConsumptionIsZeroDuringTheFailure) {
    const UnitFrame clean = steady_unit("u", 5);
    const UnitFrame f = inject_failure(clean, day_two());
    const std::size_t b = f.lower_bound(day_two().start), e = f.lower_bound(day_two().end);
    ASSERT_EQ(e - b, 144u);
    for (const char* name : {"compressor_power", "heat_output", "compressor_on", "mode"})
        for (std::size_t i = b; i < e; ++i) EXPECT_EQ(f.at(name).values[i], 0.0) << name << i;
    // The clean data did run during that day.
    EXPECT_GT(clean.at("compressor_power").values[b], 0.0);
}

TEST(Injection, NothingChangesOutsideTheFailure) {
    const UnitFrame clean = steady_unit("u", 5);
    const UnitFrame f = inject_failure(clean, day_two());
    const std::size_t b = f.lower_bound(day_two().start), e = f.lower_bound(day_two().end);
    ASSERT_EQ(f.rows(), clean.rows());
    for (const Channel& c : clean.channels()) {
        const auto& v = f.at(c.name).values;
        for (std::size_t i = 0; i < b; ++i) ASSERT_EQ(v[i], c.values[i]) << c.name << i;
        for (std::size_t i = e; i < f.rows(); ++i) ASSERT_EQ(v[i], c.values[i]) << c.name << i;
    }
}

TEST(Injection, IndoorTemperatureDecaysWithTheTimeConstant) {
    for (double tau : {10.0, 40.0, 120.0}) {
        const UnitFrame clean = steady_unit("u", 5, step, -5.0);
        const UnitFrame f = inject_failure(clean, day_two(tau));
        const std::size_t b = f.lower_bound(day_two().start), e = f.lower_bound(day_two().end);
        const auto& in = f.at("t_indoor").values;
        for (std::size_t i = b; i < e; ++i) {
            // Closed form of C dT/dt = -UA (T - T_out) from 21 degC at t0, T_out = -5 degC.
            const double t_h = static_cast<double>((i - b) * step) / k_hour_ms;
            EXPECT_NEAR(in[i], -5.0 + 26.0 * std::exp(-t_h / tau), 1e-9) << tau << " " << t_h;
        }
        EXPECT_LT(in[e - 1], 21.0 - 1.0);  // a noticeable drop after a day
    }
}

TEST(Injection, IndoorFollowsAChangingOutdoorTemperature) {
    UnitFrame clean = steady_unit("u", 5, step, 0.0);
    auto& outdoor = clean.get_or_add("t_outdoor").values;
    const std::size_t b = clean.lower_bound(day_two().start);
    for (std::size_t i = b + 6; i < outdoor.size(); ++i) outdoor[i] = 10.0;  // +10 K after 1 h
    const UnitFrame f = inject_failure(clean, day_two(20.0));
    const auto& in = f.at("t_indoor").values;
    // Step k uses the outdoor temperature at the start of the step: 0 for the first hour.
    const double after_1h = 21.0 * std::exp(-1.0 / 20.0);
    EXPECT_NEAR(in[b + 6], after_1h, 1e-9);
    EXPECT_NEAR(in[b + 12], 10.0 + (after_1h - 10.0) * std::exp(-1.0 / 20.0), 1e-9);
}

TEST(Injection, WaterTemperaturesRelax) {
    const UnitFrame clean = steady_unit("u", 5);
    const UnitFrame f = inject_failure(clean, day_two());
    const std::size_t b = f.lower_bound(day_two().start), e = f.lower_bound(day_two().end);
    const auto& in = f.at("t_indoor").values;
    const auto& sup = f.at("t_supply").values;
    const auto& ret = f.at("t_return").values;
    EXPECT_DOUBLE_EQ(sup[b], 35.0);
    // Within about an hour (loop time constant ~40 min) supply is near the rooms.
    EXPECT_NEAR(loop_time_constant_h(), 2.0 / 3.0, 1e-12);
    EXPECT_LT(sup[b + 6] - in[b + 6], 14.0 * 0.3);
    // After 4 h only the lag behind the cooling rooms is left (slope x loop time constant).
    EXPECT_LT(std::abs(sup[b + 24] - in[b + 24]), 0.4);
    EXPECT_LT(std::abs(ret[b + 24] - in[b + 24]), 0.4);
    // The tank cools slowly (time constant of days).
    const auto& top = f.at("t_tank_top").values;
    EXPECT_GT(tank_time_constant_h(), 48.0);
    EXPECT_LT(top[e - 1], 50.0 - 1.0);
    EXPECT_GT(top[e - 1], 40.0);
    for (std::size_t i = b + 1; i < e; ++i) EXPECT_LT(top[i], top[i - 1]);
}

TEST(Injection, MissingCellsStayMissingAndDefaultsApply) {
    UnitFrame clean = steady_unit("u", 5);
    clean.remove("t_indoor");
    const std::size_t b = clean.lower_bound(day_two().start);
    clean.get_or_add("compressor_power").values[b + 3] = k_missing;
    const UnitFrame f = inject_failure(clean, day_two());
    EXPECT_TRUE(is_missing(f.at("compressor_power").values[b + 3]));
    EXPECT_EQ(f.find("t_indoor"), nullptr);  // no channel is added
    // Supply relaxes towards the default indoor temperature.
    EXPECT_NEAR(f.at("t_supply").values[b + 60], default_indoor_c() * std::exp(-10.0 / 40.0), 0.35);
}

TEST(Injection, RejectsBadFailures) {
    const UnitFrame clean = steady_unit("u", 5);
    InjectedFailure bad = day_two();
    bad.end = bad.start;
    EXPECT_THROW(inject_failure(clean, bad), InvalidInputError);
    bad = day_two();
    bad.unit_id = "other";
    EXPECT_THROW(inject_failure(clean, bad), InvalidInputError);
    EXPECT_THROW(inject_failure(clean, day_two(0.0)), InvalidInputError);
    EXPECT_THROW(inject_failure(clean, day_two(std::nan(""))), InvalidInputError);
}

TEST(Injection, IsDeterministic) {
    const UnitFrame clean = steady_unit("u", 5);
    const UnitFrame a = inject_failure(clean, day_two()), b = inject_failure(clean, day_two());
    for (const Channel& c : a.channels()) EXPECT_EQ(c.values, b.at(c.name).values) << c.name;
}
