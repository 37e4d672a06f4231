#pragma once
// Internal helpers shared by the detectors: channel look-up with a model-named error,
// block (e.g. hourly) means. (The seeded generator is core/random.hpp.)

#include <cstdint>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"

namespace heatloop::models::detail {

// The values of `channel`; throws InvalidInputError naming model, unit and the channels there
// are when the unit lacks it.
const std::vector<double>& require_channel(std::string_view model, const UnitFrame& unit,
                                           std::string_view channel);

// Means of consecutive blocks of `block` ms aligned to multiples of `block` since the epoch.
struct BlockMeans {
    Timestamp start = 0;       // start of block 0
    Duration block = 0;        // block length
    std::vector<double> mean;  // NaN where a block has fewer than min_present values
    // Index of the block holding time t (t >= start).
    std::size_t index(Timestamp t) const { return static_cast<std::size_t>((t - start) / block); }
};
BlockMeans block_means(const std::vector<Timestamp>& time, const std::vector<double>& values,
                       Duration block, std::size_t min_present = 1);

}  // namespace heatloop::models::detail
