#pragma once
// Helpers for the simulator tests: steady weather, a quiet household, and a run of one unit
// collected into memory.

#include <vector>

#include "heatloop/sim/unit_sim.hpp"

namespace heatloop::sim::test {

inline constexpr Timestamp k_jan_2024 = 1704067200000;  // 2024-01-01T00:00:00Z

// Weather with a constant temperature, no sun and the given humidity over [start, end].
inline WeatherSeries steady_weather(double temp_c, Timestamp start, Timestamp end,
                                    double rel_humidity = 0.5) {
    WeatherSeries w;
    w.climate.location = "steady";
    w.start = start;
    w.step = k_hour_ms;
    auto n = static_cast<std::size_t>((end - start) / w.step) + 2;
    w.temp_c.assign(n, temp_c);
    w.solar_w_m2.assign(n, 0.0);
    w.rel_humidity.assign(n, rel_humidity);
    return w;
}

// A run of one unit.
struct UnitRun {
    std::vector<Sample> samples;
    // Index of the sample at t (samples are 1 minute apart from the run's start).
    std::size_t at(Timestamp t) const {
        return static_cast<std::size_t>((t - samples.front().time) / k_minute_ms);
    }
};

// Runs `config` for `days` from `start` in 1-minute steps.
inline UnitRun run_unit(const UnitConfig& config, const WeatherSeries& weather,
                        const HouseholdSchedule& schedule, std::vector<Fault> faults,
                        Timestamp start, double days, std::uint64_t seed = 7) {
    UnitRun run;
    auto end = start + static_cast<Timestamp>(days * k_day_ms);
    run.samples.reserve(static_cast<std::size_t>((end - start) / k_minute_ms));
    simulate_unit(config, weather, schedule, std::move(faults), seed, start, end, k_minute_ms,
                  start, [&](const Sample& s) { run.samples.push_back(s); });
    return run;
}

// Mean of f(sample) over samples [from, to) where keep(sample).
template <typename F, typename Keep>
double mean_over(const UnitRun& r, std::size_t from, std::size_t to, F f, Keep keep) {
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t i = from; i < to && i < r.samples.size(); ++i)
        if (keep(r.samples[i])) {
            sum += f(r.samples[i]);
            ++n;
        }
    return n ? sum / static_cast<double>(n) : std::nan("");
}

// True when the compressor has been running steadily (on for the last `minutes` samples)
// and heating (not defrosting).
inline bool steady_running(const UnitRun& r, std::size_t i, int minutes = 6) {
    if (i < static_cast<std::size_t>(minutes)) return false;
    for (std::size_t k = i - static_cast<std::size_t>(minutes); k <= i; ++k)
        if (r.samples[k].compressor_on == 0 || r.samples[k].mode == 3 ||
            r.samples[k].mode != r.samples[i].mode)
            return false;
    return r.samples[i].mode == 1 || r.samples[i].mode == 2;
}

}  // namespace heatloop::sim::test
