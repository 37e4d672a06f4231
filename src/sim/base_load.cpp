#include "heatloop/sim/base_load.hpp"

#include <algorithm>
#include <cmath>

#include "heatloop/sim/tank.hpp"

namespace heatloop::sim {

namespace {

Duration minutes(double m) noexcept {
    return static_cast<Duration>(std::llround(m * 60.0)) * 1000;
}

// Hot water (at tank temperature) an electric heater must replace for a day's draws [kWh].
double draw_energy_kwh(const DrawEvent& e, double t_cold) {
    constexpr double tank_c = 60.0;
    double mixed_l = e.flow_l_min * static_cast<double>(e.duration) / k_minute_ms;
    double hot_l = mixed_l * std::clamp((e.temp_c - t_cold) / (tank_c - t_cold), 0.0, 1.0);
    return hot_l * (tank_c - t_cold) * k_water_kwh_per_l_k;
}

}  // namespace

void plan_appliances(const HouseholdProfile& p, HouseholdSchedule& s, Rng& rng) {
    std::vector<double> heater_kwh(s.days.size(), 1.2);  // standing loss of a boiler per day
    if (!s.days.empty()) {
        for (const DrawEvent& e : s.draws) {
            auto d = (e.start - s.days.front().midnight) / k_day_ms;
            if (d >= 0 && d < static_cast<std::int64_t>(s.days.size()))
                heater_kwh[static_cast<std::size_t>(d)] += draw_energy_kwh(e, 11.0) / 0.95;
        }
    }
    auto add = [&](Timestamp start, double dur_min, double kw) {
        s.loads.push_back({start, start + minutes(dur_min), kw});
    };
    for (std::size_t i = 0; i < s.days.size(); ++i) {
        const DayPlan& d = s.days[i];
        if (p.electric_water_heater) {
            Timestamp t = d.midnight + minutes(23 * 60 + rng.uniform(0.0, 15.0));
            add(t, heater_kwh[i] / p.water_heater_kw * 60.0, p.water_heater_kw);
        }
        if (d.vacation) continue;
        bool home_midday = !d.workday || p.workers < p.occupants;
        if (rng.bernoulli(0.85)) add(d.wake + minutes(rng.uniform(5, 30)), rng.uniform(2, 5), 2.0);
        if (rng.bernoulli(0.8)) {
            Timestamp earliest = std::max(d.back, d.midnight + minutes(18 * 60));
            add(earliest + minutes(rng.uniform(0, 60)), rng.uniform(20, 50),
                p.cooking_kw * rng.uniform(0.6, 1.0));
        }
        if (home_midday && rng.bernoulli(0.5))
            add(d.midnight + minutes(11.75 * 60 + rng.uniform(0, 30)), rng.uniform(20, 35),
                0.8 * p.cooking_kw);
        if (rng.bernoulli(p.washes_per_week / 7.0)) {
            double span = static_cast<double>(d.sleep - d.wake) / k_minute_ms;
            Timestamp t = d.wake + minutes(rng.uniform(0.1, 0.7) * span);
            double heat_min = rng.uniform(12, 20);
            add(t, heat_min, 2.0);
            add(t + minutes(heat_min), 60, 0.2);
            if (p.dryer)
                add(t + minutes(heat_min + 60 + rng.uniform(0, 60)), rng.uniform(45, 80), 2.0);
        }
        if (rng.bernoulli(p.dishwasher_per_day)) {
            Timestamp t = d.midnight + minutes(20.5 * 60 + rng.uniform(0, 90));
            double heat_min = rng.uniform(15, 25);
            add(t, heat_min, 1.8);
            add(t + minutes(heat_min), 60, 0.1);
        }
    }
    std::stable_sort(s.loads.begin(), s.loads.end(),
                     [](const LoadEvent& a, const LoadEvent& b) { return a.start < b.start; });
}

double BaseLoad::kw(Timestamp t, Duration dt, double solar_w_m2) {
    const HouseholdProfile& p = *profile_;
    occupancy_ = occupancy_at(*schedule_, p, t);
    double kw = p.standby_kw;
    // Refrigerator: 35 % duty on a 45-minute cycle.
    double cycle = std::fmod(static_cast<double>(t) / k_minute_ms + p.fridge_phase_min, 45.0);
    if (cycle < 0.35 * 45.0) kw += p.fridge_kw;
    if (occupancy_.people_home > 0 && occupancy_.awake) {
        kw += 0.05 * occupancy_.people_home;                                 // electronics
        if (solar_w_m2 < 150.0) kw += 0.04 + 0.03 * occupancy_.people_home;  // lighting
    }
    loads_.seek(t, t + dt);
    for (const LoadEvent* e : loads_.active()) {
        Timestamp a = std::max(t, e->start), b = std::min(t + dt, e->end);
        if (b > a) kw += e->kw * static_cast<double>(b - a) / static_cast<double>(dt);
    }
    return kw;
}

}  // namespace heatloop::sim
