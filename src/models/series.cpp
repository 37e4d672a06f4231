#include "models/series.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/error.hpp"

namespace heatloop::models::detail {

const std::vector<double>& require_channel(std::string_view model, const UnitFrame& unit,
                                           std::string_view channel) {
    if (const Channel* c = unit.find(channel)) return c->values;
    throw InvalidInputError(fmt::format("{}: unit {} has no channel '{}' (channels: {})", model,
                                        unit.unit_id(), channel,
                                        fmt::join(unit.channel_names(), ", ")));
}

BlockMeans block_means(const std::vector<Timestamp>& time, const std::vector<double>& values,
                       Duration block, std::size_t min_present) {
    BlockMeans out;
    out.block = block;
    if (time.empty()) return out;
    // Floor division that also works for times before the epoch.
    const Timestamp t0 = time.front();
    out.start = t0 >= 0 ? t0 / block * block : -((-t0 + block - 1) / block) * block;
    const std::size_t blocks = out.index(time.back()) + 1;
    std::vector<double> sum(blocks, 0.0);
    std::vector<std::size_t> count(blocks, 0);
    for (std::size_t i = 0; i < time.size(); ++i) {
        if (is_missing(values[i])) continue;
        const std::size_t b = out.index(time[i]);
        sum[b] += values[i];
        ++count[b];
    }
    out.mean.assign(blocks, k_missing);
    for (std::size_t b = 0; b < blocks; ++b)
        if (count[b] >= std::max<std::size_t>(min_present, 1))
            out.mean[b] = sum[b] / static_cast<double>(count[b]);
    return out;
}

}  // namespace heatloop::models::detail
