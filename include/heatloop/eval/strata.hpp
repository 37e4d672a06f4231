#pragma once
/// Strata for breakdowns: meteorological season, operating mode and outdoor-temperature
/// band, looked up at an instant of a unit's time axis.

#include <span>
#include <string>
#include <string_view>

#include "heatloop/eval/inputs.hpp"

namespace heatloop::eval {

/// The kinds of time-based strata.
enum class StratumKind { season, mode, outdoor_temp };

/// "season", "mode" or "outdoor_temp" (the breakdown's JSON key).
std::string_view stratum_name(StratumKind k);

/// Meteorological season of a UTC instant (northern hemisphere): "DJF", "MAM", "JJA", "SON".
std::string_view season_of(Timestamp t);

/// Name of an operating-mode value: 0 "off", 1 "space_heating", 2 "hot_water",
/// 3 "defrost", another integer "mode_<n>", NaN or fractional "unknown".
std::string mode_name(double mode);

/// Band of a temperature for increasing `edges`: "<e0", "[e0,e1)", ..., ">=e_last"
/// (numbers printed shortest), "unknown" for NaN.
std::string temperature_band(double celsius, std::span<const double> edges);

/// The stratum of the span [start, end) of `unit`: the season of `start`; for mode and
/// outdoor temperature the value at the first sample in [start, end) that has one
/// ("unknown" when none does or the unit has no such series).
std::string stratum_at(StratumKind kind, const UnitData& unit, std::span<const double> edges,
                       Timestamp start, Timestamp end);

}  // namespace heatloop::eval
