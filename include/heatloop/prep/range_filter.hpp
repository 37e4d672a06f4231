#pragma once
/// Physical-range outlier removal: values a sensor cannot physically report become missing.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "heatloop/core/frame.hpp"
#include "heatloop/prep/channel_counts.hpp"

namespace heatloop::prep {

/// An inclusive range of valid values.
struct ValueRange {
    double min = 0;  ///< smallest valid value
    double max = 0;  ///< largest valid value
    bool operator==(const ValueRange&) const = default;
};

/// Which ranges to apply.
struct RangeOptions {
    /// Ranges by channel name; they override the standard channel ranges (core/channels.hpp)
    /// and give ranges to pass-through channels, which are otherwise not checked.
    std::map<std::string, ValueRange, std::less<>> ranges;
};

/// The range `channel` is checked against: its override, else its standard range, else none.
std::optional<ValueRange> range_for(std::string_view channel, const RangeOptions& options);

/// Set every value outside its channel's range (+-inf fall outside any finite range) to missing.
/// Returns the count per checked channel (0 when nothing was removed); unchecked channels have no
/// entry. Throws InvalidInputError for an override with min > max or a NaN bound, naming channel
/// and values.
ChannelCounts remove_out_of_range(UnitFrame& frame, const RangeOptions& options = {});

}  // namespace heatloop::prep
