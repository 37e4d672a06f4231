#include "heatloop/eval/strata.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "heatloop/core/enum_names.hpp"

namespace heatloop::eval {

namespace {

constexpr std::array k_strata{std::pair{StratumKind::season, "season"},
                              std::pair{StratumKind::mode, "mode"},
                              std::pair{StratumKind::outdoor_temp, "outdoor_temp"}};

}  // namespace

std::string_view stratum_name(StratumKind k) {
    return enum_name(k_strata, k);
}

std::string_view season_of(Timestamp t) {
    switch (to_civil(t).month) {
        case 12:
        case 1:
        case 2:
            return "DJF";
        case 3:
        case 4:
        case 5:
            return "MAM";
        case 6:
        case 7:
        case 8:
            return "JJA";
        default:
            return "SON";
    }
}

std::string mode_name(double mode) {
    if (std::isnan(mode) || mode != std::floor(mode)) return "unknown";
    switch (static_cast<long>(mode)) {
        case 0:
            return "off";
        case 1:
            return "space_heating";
        case 2:
            return "hot_water";
        case 3:
            return "defrost";
        default:
            return fmt::format("mode_{}", static_cast<long>(mode));
    }
}

std::string temperature_band(double c, std::span<const double> edges) {
    if (std::isnan(c)) return "unknown";
    if (edges.empty()) return "all";
    if (c < edges.front()) return fmt::format("<{}", edges.front());
    for (std::size_t i = 1; i < edges.size(); ++i)
        if (c < edges[i]) return fmt::format("[{},{})", edges[i - 1], edges[i]);
    return fmt::format(">={}", edges.back());
}

std::string stratum_at(StratumKind kind, const UnitData& u, std::span<const double> edges,
                       Timestamp start, Timestamp end) {
    if (kind == StratumKind::season) return std::string(season_of(start));
    const std::vector<double>& series = kind == StratumKind::mode ? u.mode : u.outdoor_temp;
    if (series.empty()) return "unknown";
    auto it = std::lower_bound(u.time.begin(), u.time.end(), start);
    for (; it != u.time.end() && *it < end; ++it) {
        const double v = series[static_cast<std::size_t>(it - u.time.begin())];
        if (std::isnan(v)) continue;
        return kind == StratumKind::mode ? mode_name(v) : temperature_band(v, edges);
    }
    return "unknown";
}

}  // namespace heatloop::eval
