#pragma once
// A synthetic smart-meter household for the disaggregator tests: 15-minute meter series of a
// heat pump that runs harder the colder it is (on/off cycles), other appliances (a base load
// and random spikes) and their total, in kW, with the outdoor temperature.

#include <algorithm>
#include <cmath>
#include <string>

#include "heatloop/core/frame.hpp"
#include "heatloop/core/random.hpp"

namespace heatloop::models::synth {

struct HouseholdOptions {
    std::string id = "h1";
    int days = 14;
    std::uint64_t seed = 1;
    double hp_kw = 2.5;    ///< the heat pump's power while on
    double base_kw = 0.3;  ///< other appliances' base load
    Duration step = 15 * k_minute_ms;
};

inline UnitFrame synthetic_household(const HouseholdOptions& o) {
    const auto rows = static_cast<std::size_t>(o.days * k_day_ms / o.step);
    UnitFrame f(o.id);
    f.set_grid(1'704'067'200'000LL, o.step, rows);  // 2024-01-01
    // Every channel first: adding one may move the others, so references come after.
    for (const char* name : {"load", "load_heat_pump", "load_other", "t_outdoor"})
        f.get_or_add(name);
    auto& total = f.get_or_add("load").values;
    auto& hp = f.get_or_add("load_heat_pump").values;
    auto& other = f.get_or_add("load_other").values;
    auto& tout = f.get_or_add("t_outdoor").values;
    Rng rng(o.seed);
    double phase = 0;
    for (std::size_t i = 0; i < rows; ++i) {
        const double day = static_cast<double>(f.time()[i] % k_day_ms) / k_day_ms;
        const double t =
            3 + 5 * std::sin(2 * M_PI * (day - 0.3)) +
            3 * std::sin(2 * M_PI * static_cast<double>(i) / (7.0 * k_day_ms / o.step));
        tout[i] = std::round(t);
        // Duty cycle rises as it gets colder; on for the first part of each hour.
        const double duty = std::clamp((16 - t) / 20, 0.0, 1.0);
        phase = std::fmod(phase + static_cast<double>(o.step) / k_hour_ms, 1.0);
        hp[i] = phase < duty ? o.hp_kw * (0.9 + 0.2 * rng.uniform()) : 0.02;
        const double spike = rng.uniform() < 0.08 ? 1 + 2 * rng.uniform() : 0;
        other[i] = o.base_kw + 0.2 * std::sin(2 * M_PI * day) + 0.1 + spike;
        total[i] = hp[i] + other[i];
    }
    return f;
}

/// R^2 and RMSE of `estimate` against `truth` (models' tests do not link the eval layer).
struct Fit {
    double r2 = 0, rmse = 0;
};
inline Fit fit_of(const std::vector<double>& truth, const std::vector<double>& estimate) {
    double mean = 0, ss_res = 0, ss_tot = 0;
    for (double y : truth) mean += y / static_cast<double>(truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i) {
        ss_res += (truth[i] - estimate[i]) * (truth[i] - estimate[i]);
        ss_tot += (truth[i] - mean) * (truth[i] - mean);
    }
    return {1 - ss_res / ss_tot, std::sqrt(ss_res / static_cast<double>(truth.size()))};
}

}  // namespace heatloop::models::synth
