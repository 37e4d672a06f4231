#pragma once
/// The standard channel names of DESIGN.md "Inputs", with physical units and the physical
/// range used by outlier removal. Other channels pass through by name.

#include <optional>
#include <span>
#include <string_view>

namespace heatloop {

/// A standard channel: name, physical unit, and the range a real sensor can report.
struct ChannelSpec {
    std::string_view name;
    std::string_view unit;
    double min;
    double max;
    std::string_view description;
};

/// Every standard channel.
std::span<const ChannelSpec> standard_channels() noexcept;

/// The spec of a standard channel, or nullopt for a pass-through name.
std::optional<ChannelSpec> find_channel_spec(std::string_view name) noexcept;

}  // namespace heatloop
