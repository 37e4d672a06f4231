#include "heatloop/web/downsample.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/error.hpp"

namespace heatloop::web {

BucketGrid bucket_grid(Timestamp start, Timestamp end, std::size_t width, Duration min_bucket_ms) {
    if (end <= start)
        throw InvalidInputError(fmt::format("end {} is not after start {}", end, start));
    if (width < 1) throw InvalidInputError("width must be at least 1");
    const Duration span = end - start;
    const auto w = static_cast<Duration>(width);
    // Ceiling division: the smallest bucket for which `width` buckets cover the span.
    Duration bucket = std::max<Duration>({(span + w - 1) / w, min_bucket_ms, 1});
    return BucketGrid{start, end, bucket, static_cast<std::size_t>((span + bucket - 1) / bucket)};
}

MinMaxSeries downsample_min_max(std::span<const Timestamp> time, std::span<const double> values,
                                const BucketGrid& grid) {
    MinMaxSeries out;
    out.min.assign(grid.count, std::nullopt);
    out.max.assign(grid.count, std::nullopt);
    const std::size_t n = std::min(time.size(), values.size());
    // Binary search for the first sample in range, then one pass: O(log n + samples).
    auto first =
        std::lower_bound(time.begin(), time.begin() + static_cast<std::ptrdiff_t>(n), grid.start);
    for (std::size_t i = static_cast<std::size_t>(first - time.begin()); i < n; ++i) {
        if (time[i] >= grid.end) break;
        const double v = values[i];
        if (std::isnan(v)) continue;
        const auto b = static_cast<std::size_t>((time[i] - grid.start) / grid.bucket_ms);
        if (!out.min[b] || v < *out.min[b]) out.min[b] = v;
        if (!out.max[b] || v > *out.max[b]) out.max[b] = v;
    }
    return out;
}

}  // namespace heatloop::web
