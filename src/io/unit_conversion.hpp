#pragma once
/// Converting values on the way in by a declared unit (`--map "Temp (F)=t_supply:degF"`):
/// temperatures to °C, power to kW, energy per interval to kW. The table is listed in
/// docs/formats.md "Units".

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/time.hpp"

namespace heatloop::io {

/// One declared unit and how its values become the standard unit.
struct Conversion {
    std::string_view unit;  ///< as declared: "degF", "K", "W", "kWh", ...
    std::string_view to;    ///< the unit stored: "°C" or "kW"
    double scale = 1;       ///< stored = value * scale + offset ...
    double offset = 0;
    bool per_interval = false;  ///< ... divided by the interval in hours (energy -> power)
};

/// The conversion of a unit name (case-sensitive spellings as listed, e.g. "degF", "F",
/// "K", "W", "kW", "MW", "Wh", "kWh", "MWh", "degC"), or nullopt.
std::optional<Conversion> find_conversion(std::string_view unit);

/// The known unit names, for messages: "degC, degF, K, W, kW, MW, Wh, kWh, MWh".
std::string known_units();

/// Converts `values` in place; `time` are their timestamps (sorted), used for energy per
/// interval, which is divided by the median interval between them. Returns false (values
/// untouched) when an interval is needed and there are fewer than two distinct times.
bool apply_conversion(const Conversion& c, std::vector<double>& values,
                      const std::vector<Timestamp>& time);

}  // namespace heatloop::io
