#pragma once
// A synthetic hot-water tank for the shower tests: t_tank_mid cools slowly between heatings
// and drops by `shower_drop` K over 6 minutes at two showers a day (07:00 and 19:30 UTC,
// jittered), small tap draws drop it by 0.3 K, and the heat pump brings it back within 40
// minutes. t_tank_top stays put. Minute grid; the shower starts are returned.

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "heatloop/core/frame.hpp"

namespace heatloop::models::synth {

struct TankUnit {
    UnitFrame frame;
    std::vector<Timestamp> showers;  // shower starts
};

inline TankUnit tank_unit(const std::string& id, int days, std::uint64_t seed,
                          double shower_drop = 10.0) {
    const std::size_t rows = static_cast<std::size_t>(days) * 1440;
    TankUnit out{UnitFrame(id), {}};
    UnitFrame& f = out.frame;
    f.set_grid(1704067200000, k_minute_ms, rows);  // 2024-01-01T00:00Z
    f.get_or_add("t_tank_mid");
    f.get_or_add("t_tank_top");
    auto& mid = f.get_or_add("t_tank_mid").values;
    auto& top = f.get_or_add("t_tank_top").values;
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0.0, 0.05);
    std::uniform_int_distribution<int> jitter(-20, 20), tap_minute(0, 1439);
    // Per row, the drop that starts there (K over the next `len` minutes).
    std::vector<double> drop(rows, 0.0);
    std::vector<int> len(rows, 1);
    for (int d = 0; d < days; ++d) {
        for (int minute : {7 * 60, 19 * 60 + 30}) {
            const std::size_t at = static_cast<std::size_t>(d * 1440 + minute + jitter(rng));
            drop[at] = shower_drop, len[at] = 6;
            out.showers.push_back(f.time()[at]);
        }
        for (int k = 0; k < 6; ++k) {  // taps at random minutes away from the showers
            const std::size_t at = static_cast<std::size_t>(d * 1440 + tap_minute(rng));
            if (drop[at] == 0.0) drop[at] = 0.3, len[at] = 1;
        }
    }
    double t = 50.0, target = 50.0;
    int draining = 0, heating = 0;
    double per_min = 0.0;
    for (std::size_t i = 0; i < rows; ++i) {
        if (drop[i] > 0.0) draining = len[i], per_min = drop[i] / len[i];
        if (draining > 0) {
            t -= per_min;
            if (--draining == 0 && t < target - 3.0) heating = 40;
        } else if (heating > 0) {
            t += (target - t) / heating--;
        } else {
            t -= 0.25 / 60;  // standing loss
            if (t < target - 4.0) heating = 40;
        }
        mid[i] = std::round((t + noise(rng)) * 10.0) / 10.0;
        top[i] = std::round((target + 2.0 + noise(rng)) * 10.0) / 10.0;
    }
    return out;
}

}  // namespace heatloop::models::synth
