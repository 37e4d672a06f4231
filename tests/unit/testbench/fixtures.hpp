#pragma once
// Hand-made unit frames for the test bench tests.

#include <cmath>
#include <string>

#include "heatloop/core/frame.hpp"
#include "heatloop/core/time.hpp"

namespace heatloop::testbench::testing {

inline constexpr Timestamp k_t0 = 1'704'067'200'000;  // 2024-01-01T00:00:00Z

// `days` of data every `step`: constant outdoor temperature, indoor 21, a compressor that
// runs 20 minutes of every hour (2 kW), supply/return 35/30, tank 50/48.
inline UnitFrame steady_unit(const std::string& id, int days, Duration step = 10 * k_minute_ms,
                             double t_outdoor = 0.0) {
    UnitFrame f(id);
    const auto rows = static_cast<std::size_t>(days * k_day_ms / step);
    f.set_grid(k_t0, step, rows);
    // Add every channel first: adding one may move the others (their references dangle).
    for (const char* name :
         {"t_outdoor", "t_indoor", "compressor_power", "heat_output", "compressor_on", "mode",
          "t_supply", "t_return", "t_tank_top", "t_tank_mid"})
        f.get_or_add(name);
    auto& out = f.get_or_add("t_outdoor").values;
    auto& in = f.get_or_add("t_indoor").values;
    auto& p = f.get_or_add("compressor_power").values;
    auto& q = f.get_or_add("heat_output").values;
    auto& on = f.get_or_add("compressor_on").values;
    auto& mode = f.get_or_add("mode").values;
    auto& sup = f.get_or_add("t_supply").values;
    auto& ret = f.get_or_add("t_return").values;
    auto& top = f.get_or_add("t_tank_top").values;
    auto& mid = f.get_or_add("t_tank_mid").values;
    for (std::size_t i = 0; i < rows; ++i) {
        const bool running = (f.time()[i] % k_hour_ms) < 20 * k_minute_ms;
        out[i] = t_outdoor;
        in[i] = 21.0;
        p[i] = running ? 2.0 : 0.0;
        q[i] = running ? 6.0 : 0.0;
        on[i] = running ? 1.0 : 0.0;
        mode[i] = running ? 1.0 : 0.0;
        sup[i] = 35.0;
        ret[i] = 30.0;
        top[i] = 50.0;
        mid[i] = 48.0;
    }
    return f;
}

}  // namespace heatloop::testbench::testing
