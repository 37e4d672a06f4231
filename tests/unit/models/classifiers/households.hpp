#pragma once
// Hand-made smart-meter households for the classifier tests: 15-min load and outdoor
// temperature from 2024-01-01. With a heat pump, the load adds a cycling heat pump (on for
// 30 min, off for 30 min, in turn) whose power rises as it gets colder; without one, only the
// household's base load (evening peak, noise).

#include <cmath>
#include <string>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/core/random.hpp"
#include "heatloop/core/time.hpp"

namespace heatloop::models::test {

inline UnitFrame household(const std::string& id, bool heat_pump, int days, std::uint64_t seed) {
    constexpr Duration step = 15 * k_minute_ms;
    const std::size_t rows = static_cast<std::size_t>(days) * 96;
    UnitFrame f(id);
    f.set_grid(days_from_civil(2024, 1, 1) * k_day_ms, step, rows);
    std::vector<double> load(rows), temp(rows);
    Rng rng(seed);
    const double scale = 0.7 + 0.6 * rng.uniform();  // households differ in size
    for (std::size_t i = 0; i < rows; ++i) {
        const double day = static_cast<double>(i) / 96.0, hour = static_cast<double>(i % 96) / 4;
        temp[i] = 4 + 6 * std::sin(2 * M_PI * day / 9) + 3 * std::sin(2 * M_PI * (hour - 9) / 24);
        double x = scale * (0.25 + (hour >= 17 && hour < 22 ? 0.6 : 0.0) + 0.1 * rng.uniform());
        if (heat_pump && (i / 2) % 2 == 0) x += 0.25 * std::max(0.0, 18 - temp[i]);
        load[i] = x;
    }
    f.get_or_add("load").values = std::move(load);
    f.get_or_add("t_outdoor").values = std::move(temp);
    return f;
}

}  // namespace heatloop::models::test
