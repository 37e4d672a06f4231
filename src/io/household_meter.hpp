#pragma once
// The shared households' meter export (Brudermueller et al.'s per-household files):
// timestamp,kWh_aggregated,kWh_heat_pump,kWh_other_appliances,hourly_avgtemp,daily_avgtemp,...
// One household per file (named like a one-unit wide file); its meters go to the household's
// meter series, its temperatures to the household's weather (docs/formats.md).

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "heatloop/core/frame.hpp"

#include "io/detect_format.hpp"

namespace heatloop::io {

/// The meter channel ("load", "load_heat_pump", "load_other") a households' meter column
/// holds, from its mapped name (kWh_aggregated, kWh_heat_pump, kWh_other_appliances, or the
/// channel names themselves), or nullopt.
std::optional<std::string> household_meter_channel(std::string_view mapped_name);

/// The weather channel a households' temperature column holds (hourly_avgtemp -> t_outdoor,
/// daily_avgtemp -> t_outdoor_daily_mean, daily_maxtemp -> t_outdoor_daily_max,
/// daily_mintemp -> t_outdoor_daily_min; an outdoor-temperature alias -> t_outdoor), or nullopt.
std::optional<std::string> household_weather_channel(const Column& column);

/// True for a header with a timestamp and a column named like the households' export
/// (kWh_aggregated, kWh_heat_pump or kWh_other_appliances).
bool is_household_meter_header(const Header& header);

/// A raw chunk of a households' meter file split in two frames of the same household and
/// times: its meter channels (load, load_heat_pump, load_other) and the rest (its weather).
std::pair<UnitFrame, UnitFrame> split_household_meter_chunk(UnitFrame&& chunk);

}  // namespace heatloop::io
