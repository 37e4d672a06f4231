#pragma once
/// Robust outlier removal: values far from the median in units of the (scaled) median
/// absolute deviation become missing.

#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/prep/channel_counts.hpp"

namespace heatloop::prep {

/// How to find robust outliers.
struct RobustOptions {
    /// Threshold on the robust z-score |x - median| / (1.4826 * MAD); a value is removed when
    /// its score is strictly above k.
    double k = 6.0;
    /// 0: one median and MAD per channel over the whole frame. Otherwise a centred rolling
    /// window of floor(window / step) / 2 cells either side of each value (frame on a grid).
    Duration window = 0;
    /// Fewest present values a median/MAD is computed from; with fewer, nothing is removed.
    std::size_t min_samples = 10;
    /// Channels to check; empty = every channel except intermittent ones (see below).
    std::vector<std::string> channels{};
    /// With `channels` empty, leave out channels for which is_intermittent_channel() holds.
    bool skip_intermittent = true;
};

/// True for standard channels whose values are discrete or zero-inflated (units 0/1, enum,
/// kW, W/m2: compressor_on, mode, compressor_power, heat_output, load, solar_radiation, ...).
/// Their median and MAD describe the "off" state, so a robust z-score would flag every "on"
/// value; physical-range removal still applies to them.
bool is_intermittent_channel(std::string_view name) noexcept;

/// Set robust outliers to missing. Decisions use the input values (removing one value does
/// not change another's median). Where the MAD is 0 (more than half the values equal) the
/// score is undefined and nothing is removed. Returns the count per checked channel. Throws
/// InvalidInputError for k not positive and finite, or a window on a frame without a grid;
/// NotFoundError for a listed channel the frame lacks.
ChannelCounts remove_robust_outliers(UnitFrame& frame, const RobustOptions& options = {});

}  // namespace heatloop::prep
