#pragma once
/// Per-channel counts returned by the preprocessing steps.

#include <cstddef>
#include <map>
#include <string>

namespace heatloop::prep {

/// Number of values a step changed, by channel name; a channel the step did not look at has
/// no entry, one it looked at but left alone has 0.
using ChannelCounts = std::map<std::string, std::size_t, std::less<>>;

/// Sum of all counts.
std::size_t total(const ChannelCounts& counts) noexcept;

}  // namespace heatloop::prep
