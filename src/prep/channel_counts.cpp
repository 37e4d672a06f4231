#include "heatloop/prep/channel_counts.hpp"

namespace heatloop::prep {

std::size_t total(const ChannelCounts& counts) noexcept {
    std::size_t n = 0;
    for (const auto& [name, count] : counts) n += count;
    return n;
}

}  // namespace heatloop::prep
