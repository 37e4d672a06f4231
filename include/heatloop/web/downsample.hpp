#pragma once
/// Server-side min/max downsampling for the web app's plots: a series is cut into at most
/// `width` equal time buckets, and each bucket keeps the smallest and largest value in it,
/// so spikes survive and a year of minute data draws at the plot's pixel width.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "heatloop/core/time.hpp"

namespace heatloop::web {

/// The bucket grid of one request: buckets [start + i * bucket_ms, start + (i+1) * bucket_ms)
/// for i < count, the last one clipped to `end`.
struct BucketGrid {
    Timestamp start = 0;
    Timestamp end = 0;
    Duration bucket_ms = 1;
    std::size_t count = 0;
};

/// The grid of at most `width` buckets over [start, end): bucket_ms is the smallest whole
/// number of ms (at least `min_bucket_ms`, e.g. the data's grid step) with count <= width.
/// InvalidInputError for end <= start or width < 1.
BucketGrid bucket_grid(Timestamp start, Timestamp end, std::size_t width,
                       Duration min_bucket_ms = 1);

/// One downsampled series: per bucket the min and max of the values in it, nullopt where a
/// bucket holds no value (a gap).
struct MinMaxSeries {
    std::vector<std::optional<double>> min;
    std::vector<std::optional<double>> max;
};

/// Downsamples values[i] at time[i] (increasing) onto `grid`; NaN values are skipped and
/// samples outside [grid.start, grid.end) ignored.
MinMaxSeries downsample_min_max(std::span<const Timestamp> time, std::span<const double> values,
                                const BucketGrid& grid);

}  // namespace heatloop::web
