#pragma once
// Synthetic heat-pump units for the models tests: a first-order RC house heated by an on/off
// heat pump under a thermostat, with a daily outdoor-temperature cycle. Optionally the heat
// pump fails (draws and delivers nothing) from a given minute on.

#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "heatloop/core/frame.hpp"

namespace heatloop::models::synth {

struct SynthOptions {
    std::string unit = "u1";
    int days = 5;
    std::uint64_t seed = 1;
    std::optional<long> fail_at_minute{};  // the heat pump stops delivering from here on
    double tau_hours = 40, capacity = 10, gain = 0.1;  // the true house
    double heat_kw = 6, cop = 3;                       // heat pump output when on, and its COP
    bool with_indoor = true;
    Timestamp start = 1704067200000;  // 2024-01-01T00:00:00Z
};

inline UnitFrame synthetic_unit(const SynthOptions& o) {
    const std::size_t rows = static_cast<std::size_t>(o.days) * 1440;
    UnitFrame f(o.unit);
    f.set_grid(o.start, k_minute_ms, rows);
    // Add every channel first: adding one may move the others (their references dangle).
    for (const char* name : {"t_outdoor", "t_indoor", "compressor_power", "heat_output",
                             "compressor_on", "t_supply", "t_return"})
        f.get_or_add(name);
    auto& tout = f.get_or_add("t_outdoor").values;
    auto& tin = f.get_or_add("t_indoor").values;
    auto& power = f.get_or_add("compressor_power").values;
    auto& heat = f.get_or_add("heat_output").values;
    auto& on_ch = f.get_or_add("compressor_on").values;
    auto& supply = f.get_or_add("t_supply").values;
    auto& ret = f.get_or_add("t_return").values;
    std::mt19937_64 rng(o.seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    const double pi = std::acos(-1.0), dt = 1.0 / 60;
    double t_in = 21, t_sup = 25, t_out_slow = 0;
    bool on = false;
    for (std::size_t i = 0; i < rows; ++i) {
        const double hour = static_cast<double>(i) / 60;
        t_out_slow += 0.02 * noise(rng) - 0.001 * t_out_slow;  // slow weather drift
        const double t_out = 2 + 5 * std::sin(2 * pi * (hour - 9) / 24) + t_out_slow;
        if (t_in < 20.8) on = true;
        if (t_in > 21.2) on = false;
        const bool failed = o.fail_at_minute && static_cast<long>(i) >= *o.fail_at_minute;
        const bool running = on && !failed;
        const double q = running ? o.heat_kw : 0;
        tout[i] = t_out;
        tin[i] = t_in;
        heat[i] = q;
        power[i] = running ? o.heat_kw / o.cop + 0.05 * noise(rng) : 0;
        on_ch[i] = running ? 1 : 0;
        t_sup += dt * 4 * ((running ? 40.0 : t_in) - t_sup);
        supply[i] = t_sup;
        ret[i] = running ? t_sup - 5 : t_sup - 0.5;
        t_in += dt * ((t_out - t_in) / o.tau_hours + q / o.capacity + o.gain);
    }
    if (!o.with_indoor) f.remove("t_indoor");
    return f;
}

// Largest finite value of scores[begin, end), or NaN if none.
inline double max_finite(const std::vector<double>& s, std::size_t begin, std::size_t end) {
    double m = std::nan("");
    for (std::size_t i = begin; i < end && i < s.size(); ++i)
        if (std::isfinite(s[i]) && !(s[i] <= m)) m = s[i];
    return m;
}

}  // namespace heatloop::models::synth
