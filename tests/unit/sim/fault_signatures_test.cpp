// Each injected fault must leave the signature a detector (and a technician) would look for.

#include <gtest/gtest.h>

#include <cmath>

#include "sim_test_util.hpp"

using namespace heatloop;
using namespace heatloop::sim;
using namespace heatloop::sim::test;

namespace {

Fault make_fault(FaultCategory c, double from_day, double to_day) {
    Fault f;
    f.category = c;
    f.start = k_jan_2024 + static_cast<Timestamp>(from_day * k_day_ms);
    f.end = k_jan_2024 + static_cast<Timestamp>(to_day * k_day_ms);
    return f;
}

std::size_t day_index(double day) {
    return static_cast<std::size_t>(day * 1440);
}

int starts_between(const UnitRun& r, std::size_t from, std::size_t to) {
    int n = 0;
    for (std::size_t i = from + 1; i < to; ++i)
        n += r.samples[i].compressor_on == 1 && r.samples[i - 1].compressor_on == 0;
    return n;
}

}  // namespace

TEST(FaultSignature, CompressorFailureCoolsHouseAtItsTimeConstant) {
    UnitConfig u = reference_unit_config(SourceType::air);
    const double t_out = -5.0;
    auto weather = steady_weather(t_out, k_jan_2024, k_jan_2024 + 10 * k_day_ms);
    HouseholdSchedule quiet;
    Fault f = make_fault(FaultCategory::compressor_failure, 3.0, 6.0);
    UnitRun r = run_unit(u, weather, quiet, {f}, k_jan_2024, 8.0);

    std::size_t a = r.at(f.start), b = r.at(f.end);
    // Before: heating normally at the setpoint.
    EXPECT_NEAR(r.samples[a - 1].truth.temps[5], u.house.setpoint_c, 1.0);
    // During: no compressor power at all, and the controller still asks for heat.
    int asking = 0;
    for (std::size_t i = a; i < b; ++i) {
        ASSERT_EQ(r.samples[i].compressor_power, 0.0) << i;
        ASSERT_EQ(r.samples[i].compressor_on, 0);
        asking += r.samples[i].mode != 0;
    }
    EXPECT_GT(asking, static_cast<int>(b - a) * 9 / 10);
    // The house cools towards its equilibrium with the remaining gains, exponentially with
    // the house time constant (after the heating water's own heat is spent, ~6 h).
    double gains = r.samples[a + 600].truth.gains_kw;
    double t_eq = t_out + gains / u.house.ua_kw_per_k;
    auto excess = [&](std::size_t i) { return r.samples[i].truth.temps[5] - t_eq; };
    std::size_t i1 = a + 6 * 60, i2 = b - 1;
    double hours = static_cast<double>(i2 - i1) / 60.0;
    double tau = hours / std::log(excess(i1) / excess(i2));
    EXPECT_GT(tau, 0.85 * u.house.time_constant_h());
    EXPECT_LT(tau, 1.3 * u.house.time_constant_h());
    EXPECT_LT(r.samples[i2].truth.temps[5], u.house.setpoint_c - 8.0);
    // After the repair it runs and recovers.
    EXPECT_GT(r.samples[b + 30].compressor_power, 0.5);
    EXPECT_GT(r.samples.back().truth.temps[5], r.samples[i2].truth.temps[5] + 3.0);
}

TEST(FaultSignature, RefrigerantLeakDegradesCopOverDays) {
    UnitConfig u = reference_unit_config(SourceType::ground);
    auto weather = steady_weather(0.0, k_jan_2024, k_jan_2024 + 20 * k_day_ms);
    HouseholdSchedule quiet;
    Fault f = make_fault(FaultCategory::refrigerant_leak, 2.0, 12.0);
    f.leak_cop_loss = 0.4;
    UnitRun r = run_unit(u, weather, quiet, {f}, k_jan_2024, 15.0);
    auto daily_cop = [&](double day) {
        double heat = 0, power = 0;
        for (std::size_t i = day_index(day); i < day_index(day + 1); ++i)
            if (steady_running(r, i) && r.samples[i].mode == 1) {
                heat += r.samples[i].truth.hp_heat_kw;
                power += r.samples[i].truth.hp_power_kw;
            }
        return heat / power;
    };
    double before = daily_cop(1), early = daily_cop(3), late = daily_cop(11), after = daily_cop(13);
    EXPECT_GT(before, 2.5);
    EXPECT_LT(early, before);
    EXPECT_LT(late, early * 0.8);
    EXPECT_LT(late, before * 0.72);
    EXPECT_NEAR(after, before, 0.1 * before);
    // Day by day the COP keeps falling.
    for (int d = 3; d < 11; d += 2) EXPECT_LT(daily_cop(d + 2), daily_cop(d)) << d;
}

TEST(FaultSignature, ShowerDropsTankMiddleAndStartsHotWater) {
    UnitConfig u = reference_unit_config(SourceType::air);
    auto weather = steady_weather(5.0, k_jan_2024, k_jan_2024 + 4 * k_day_ms);
    HouseholdSchedule s;
    Timestamp shower = k_jan_2024 + 2 * k_day_ms + 7 * k_hour_ms;
    s.draws.push_back({shower, 10 * k_minute_ms, 9.0, 40.0, DrawKind::shower});
    UnitRun r = run_unit(u, weather, s, {}, k_jan_2024, 3.0);
    std::size_t i0 = r.at(shower);
    const Sample& before = r.samples[i0];
    EXPECT_EQ(before.mode, 1 * (before.mode == 1));  // not already heating the tank
    ASSERT_NE(before.mode, 2);
    double mid0 = before.temp(Sensor::t_tank_mid), top0 = before.temp(Sensor::t_tank_top);
    double min_mid = mid0;
    for (std::size_t i = i0; i < i0 + 15; ++i)
        min_mid = std::min(min_mid, r.samples[i].temp(Sensor::t_tank_mid));
    EXPECT_LT(min_mid, mid0 - 5.0);  // several kelvin within minutes
    EXPECT_GT(r.samples[i0 + 10].temp(Sensor::t_tank_top), top0 - 3.0);  // top stays hot
    // Hot-water mode follows within half an hour and brings the tank back.
    std::size_t first_dhw = 0;
    for (std::size_t i = i0; i < i0 + 30 && !first_dhw; ++i)
        if (r.samples[i].mode == 2 && r.samples[i].compressor_on) first_dhw = i;
    ASSERT_NE(first_dhw, 0u);
    EXPECT_GT(r.samples[first_dhw + 60].temp(Sensor::t_tank_mid), min_mid + 5.0);
    // No hot-water run on the quiet day before (only standing losses).
    int dhw_day1 = 0;
    for (std::size_t i = day_index(1); i < day_index(1.9); ++i) dhw_day1 += r.samples[i].mode == 2;
    EXPECT_LT(dhw_day1, 60);
}

TEST(FaultSignature, ShortCyclingMultipliesStarts) {
    UnitConfig u = reference_unit_config(SourceType::ground);
    auto weather = steady_weather(-3.0, k_jan_2024, k_jan_2024 + 8 * k_day_ms);
    HouseholdSchedule quiet;
    Fault f = make_fault(FaultCategory::short_cycling, 3.0, 5.0);
    f.run_limit_min = 4.0;
    f.restart_min = 3.0;
    UnitRun r = run_unit(u, weather, quiet, {f}, k_jan_2024, 6.0);
    int normal = starts_between(r, day_index(1), day_index(3));
    int faulty = starts_between(r, day_index(3), day_index(5));
    EXPECT_GT(faulty, 4 * normal);
    EXPECT_GT(faulty, 2 * 24 * 5);  // more than five starts an hour
    for (std::size_t i = day_index(3.1); i < day_index(5); ++i) {
        // No run lasts longer than the trip limit.
        if (i >= 6) {
            bool long_run = true;
            for (std::size_t k = i - 5; k <= i; ++k) long_run &= r.samples[k].compressor_on == 1;
            ASSERT_FALSE(long_run) << i;
        }
    }
}

TEST(FaultSignature, CirculationFailureOverheatsSupplyAndCoolsRooms) {
    UnitConfig u = reference_unit_config(SourceType::air);
    auto weather = steady_weather(-5.0, k_jan_2024, k_jan_2024 + 6 * k_day_ms);
    HouseholdSchedule quiet;
    Fault f = make_fault(FaultCategory::circulation_failure, 2.0, 3.5);
    UnitRun r = run_unit(u, weather, quiet, {f}, k_jan_2024, 4.0);
    double max_supply_normal = 0, max_supply_fault = 0;
    for (std::size_t i = day_index(1); i < day_index(2); ++i)
        max_supply_normal = std::max(max_supply_normal, r.samples[i].temp(Sensor::t_supply));
    for (std::size_t i = day_index(2); i < day_index(3.5); ++i)
        max_supply_fault = std::max(max_supply_fault, r.samples[i].temp(Sensor::t_supply));
    EXPECT_GT(max_supply_fault, max_supply_normal + 10.0);
    double t_in_start = r.samples[day_index(2)].truth.temps[5];
    double t_in_end = r.samples[day_index(3.5) - 1].truth.temps[5];
    EXPECT_LT(t_in_end, t_in_start - 3.0);
    EXPECT_GT(starts_between(r, day_index(2), day_index(3.5)), 20);  // trips and restarts
}

TEST(FaultSignature, StuckAuxHeaterAddsItsPowerToTheMeter) {
    UnitConfig u = reference_unit_config(SourceType::ground);
    auto weather = steady_weather(2.0, k_jan_2024, k_jan_2024 + 6 * k_day_ms);
    HouseholdSchedule quiet;
    Fault f = make_fault(FaultCategory::aux_heater_stuck, 2.0, 4.0);
    UnitRun r = run_unit(u, weather, quiet, {f}, k_jan_2024, 5.0);
    auto all = [](const Sample&) { return true; };
    auto electric = [](const Sample& s) { return s.truth.hp_electric_kw; };
    auto aux = [](const Sample& s) { return s.truth.aux_kw; };
    EXPECT_NEAR(mean_over(r, day_index(1), day_index(2), aux, all), 0.0, 1e-9);
    double aux_share = mean_over(r, day_index(2), day_index(4), aux, all) / u.hp.aux_heater_kw;
    EXPECT_GT(aux_share, 0.5);
    EXPECT_GT(mean_over(r, day_index(2.5), day_index(4), electric, all),
              mean_over(r, day_index(1), day_index(2), electric, all) + 0.5 * u.hp.aux_heater_kw);
    // The rooms overheat and the heat pump itself runs less.
    EXPECT_GT(r.samples[day_index(4) - 1].truth.temps[5], u.house.setpoint_c + 0.5);
    auto on = [](const Sample& s) { return static_cast<double>(s.compressor_on); };
    EXPECT_LT(mean_over(r, day_index(2.5), day_index(4), on, all),
              0.5 * mean_over(r, day_index(1), day_index(2), on, all));
}

TEST(FaultSignature, SensorStuckDriftAndSpikes) {
    UnitConfig u = reference_unit_config(SourceType::air);
    auto weather = steady_weather(0.0, k_jan_2024, k_jan_2024 + 8 * k_day_ms, 0.4);
    HouseholdSchedule quiet;
    Fault stuck = make_fault(FaultCategory::sensor_fault, 1.0, 2.0);
    stuck.sensor = Sensor::t_return;
    stuck.sensor_kind = SensorFaultKind::stuck;
    Fault drift = make_fault(FaultCategory::sensor_fault, 3.0, 5.0);
    drift.sensor = Sensor::t_tank_top;
    drift.sensor_kind = SensorFaultKind::drift;
    drift.magnitude_k = -6.0;
    Fault spike = make_fault(FaultCategory::sensor_fault, 6.0, 6.5);
    spike.sensor = Sensor::t_outdoor;
    spike.sensor_kind = SensorFaultKind::spike;
    spike.magnitude_k = 30.0;
    for (int k = 0; k < 6; ++k) spike.spikes.push_back(spike.start + k * 97 * k_minute_ms);
    UnitRun r = run_unit(u, weather, quiet, {stuck, drift, spike}, k_jan_2024, 7.0);

    double frozen = r.samples[r.at(stuck.start)].temp(Sensor::t_return);
    for (std::size_t i = r.at(stuck.start); i < r.at(stuck.end); ++i)
        ASSERT_EQ(r.samples[i].temp(Sensor::t_return), frozen);
    EXPECT_NE(r.samples[r.at(stuck.end) + 5].temp(Sensor::t_return), frozen);

    std::size_t last = r.at(drift.end) - 1;
    double offset = r.samples[last].temp(Sensor::t_tank_top) - r.samples[last].truth.temps[3];
    EXPECT_NEAR(offset, -6.0, 0.5);
    std::size_t first = r.at(drift.start) + 60;
    EXPECT_NEAR(r.samples[first].temp(Sensor::t_tank_top) - r.samples[first].truth.temps[3], 0.0,
                0.5);

    int spikes = 0;
    for (std::size_t i = r.at(spike.start); i < r.at(spike.end); ++i)
        spikes += std::fabs(r.samples[i].temp(Sensor::t_outdoor)) > 20.0;
    EXPECT_EQ(spikes, 6);
}
