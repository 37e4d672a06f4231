#include "heatloop/prep/range_filter.hpp"

#include <fmt/format.h>

#include <cmath>

#include "heatloop/core/channels.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::prep {

std::optional<ValueRange> range_for(std::string_view channel, const RangeOptions& options) {
    if (auto it = options.ranges.find(channel); it != options.ranges.end()) return it->second;
    if (auto spec = find_channel_spec(channel)) return ValueRange{spec->min, spec->max};
    return std::nullopt;
}

ChannelCounts remove_out_of_range(UnitFrame& frame, const RangeOptions& options) {
    for (const auto& [name, r] : options.ranges)
        if (std::isnan(r.min) || std::isnan(r.max) || r.min > r.max)
            throw InvalidInputError(fmt::format(
                "range for channel {}: need min <= max, got min {} max {}", name, r.min, r.max));
    ChannelCounts counts;
    for (auto& ch : frame.channels()) {
        const auto range = range_for(ch.name, options);
        if (!range) continue;
        std::size_t removed = 0;
        for (double& v : ch.values) {
            // A NaN compares false both ways and is left alone; +-inf fall outside any range.
            if (v < range->min || v > range->max) {
                v = k_missing;
                ++removed;
            }
        }
        counts[ch.name] = removed;
    }
    return counts;
}

}  // namespace heatloop::prep
