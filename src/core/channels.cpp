#include "heatloop/core/channels.hpp"

#include <array>

namespace heatloop {

namespace {
// Ranges are generous physical limits of the sensors, not normal operating ranges.
constexpr std::array<ChannelSpec, 15> k_channels{{
    {"t_outdoor", "degC", -50, 50, "outdoor air temperature"},
    {"t_supply", "degC", -10, 95, "heating supply (flow) temperature"},
    {"t_return", "degC", -10, 90, "heating return temperature"},
    {"t_tank_top", "degC", 0, 95, "hot-water tank top temperature"},
    {"t_tank_mid", "degC", 0, 95, "hot-water tank middle temperature"},
    {"t_indoor", "degC", -10, 45, "room temperature (where a room sensor exists)"},
    {"t_brine_in", "degC", -20, 40, "ground loop brine entering the heat pump"},
    {"t_brine_out", "degC", -25, 40, "ground loop brine leaving the heat pump"},
    {"compressor_power", "kW", 0, 30, "electrical power of the compressor"},
    {"heat_output", "kW", 0, 60, "thermal output (where a heat meter exists)"},
    {"compressor_on", "0/1", 0, 1, "compressor running"},
    {"mode", "enum", 0, 3, "0 off, 1 space heating, 2 hot water, 3 defrost"},
    {"load", "kW", 0, 200, "smart-meter household load"},
    {"solar_radiation", "W/m2", 0, 1500, "global horizontal irradiance"},
    {"aux_heater_power", "kW", 0, 30, "electric auxiliary heater power"},
}};
}  // namespace

std::span<const ChannelSpec> standard_channels() noexcept {
    return k_channels;
}

std::optional<ChannelSpec> find_channel_spec(std::string_view name) noexcept {
    for (const auto& c : k_channels)
        if (c.name == name) return c;
    return std::nullopt;
}

}  // namespace heatloop
