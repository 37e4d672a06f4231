#include "io/unit_conversion.hpp"

#include <algorithm>
#include <array>

namespace heatloop::io {

namespace {

struct Entry {
    std::string_view names[3];
    Conversion c;
};

// Temperatures to °C; power to kW; energy per interval to mean power over the interval, kW.
const std::array<Entry, 9> k_units{{
    {{"degC", "C", "°C"}, {"degC", "°C", 1, 0, false}},
    {{"degF", "F", "°F"}, {"degF", "°C", 5.0 / 9.0, -32 * 5.0 / 9.0, false}},
    {{"K", "kelvin", ""}, {"K", "°C", 1, -273.15, false}},
    {{"W", "", ""}, {"W", "kW", 1e-3, 0, false}},
    {{"kW", "", ""}, {"kW", "kW", 1, 0, false}},
    {{"MW", "", ""}, {"MW", "kW", 1e3, 0, false}},
    {{"Wh", "", ""}, {"Wh", "kW", 1e-3, 0, true}},
    {{"kWh", "", ""}, {"kWh", "kW", 1, 0, true}},
    {{"MWh", "", ""}, {"MWh", "kW", 1e3, 0, true}},
}};

}  // namespace

std::optional<Conversion> find_conversion(std::string_view unit) {
    for (const Entry& e : k_units)
        for (std::string_view n : e.names)
            if (!n.empty() && n == unit) return e.c;
    return std::nullopt;
}

std::string known_units() {
    std::string out;
    for (const Entry& e : k_units) {
        if (!out.empty()) out += ", ";
        out += e.names[0];
    }
    return out;
}

bool apply_conversion(const Conversion& c, std::vector<double>& values,
                      const std::vector<Timestamp>& time) {
    double per_hour = 1;
    if (c.per_interval) {
        std::vector<Duration> diffs;
        for (std::size_t i = 1; i < time.size(); ++i)
            if (time[i] > time[i - 1]) diffs.push_back(time[i] - time[i - 1]);
        if (diffs.empty()) return false;
        auto mid = diffs.begin() + static_cast<std::ptrdiff_t>((diffs.size() - 1) / 2);
        std::nth_element(diffs.begin(), mid, diffs.end());
        per_hour = static_cast<double>(k_hour_ms) / static_cast<double>(*mid);
    }
    for (double& v : values) v = (v * c.scale + c.offset) * per_hour;  // NaN stays NaN
    return true;
}

}  // namespace heatloop::io
