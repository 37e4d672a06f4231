#pragma once
// Shared by the series and run-score endpoints: the start/end/width query of a plot and the
// JSON of downsampled series.

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

#include "heatloop/web/downsample.hpp"
#include "web/router.hpp"

namespace heatloop::web {

// Widest plot served (points per channel).
inline constexpr std::int64_t k_max_width = 20000;

struct RangeRequest {
    Timestamp start = 0, end = 0;
    std::size_t width = 2000;
};

// start/end (default: the data's range) and width (default 2000), validated.
RangeRequest range_request(const Call& call, Timestamp data_start, Timestamp data_end);
// [v or null, ...].
nlohmann::json optional_values(const std::vector<std::optional<double>>& v);
// The start time of each bucket.
nlohmann::json bucket_times(const BucketGrid& g);

}  // namespace heatloop::web
