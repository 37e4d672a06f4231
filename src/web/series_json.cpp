#include "web/series_json.hpp"

#include <fmt/format.h>

#include "heatloop/web/api_error.hpp"
#include "web/input.hpp"

namespace heatloop::web {

nlohmann::json optional_values(const std::vector<std::optional<double>>& v) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& x : v) out.push_back(x ? nlohmann::json(*x) : nlohmann::json());
    return out;
}

nlohmann::json bucket_times(const BucketGrid& g) {
    nlohmann::json t = nlohmann::json::array();
    for (std::size_t i = 0; i < g.count; ++i)
        t.push_back(g.start + static_cast<Timestamp>(i) * g.bucket_ms);
    return t;
}

RangeRequest range_request(const Call& call, Timestamp data_start, Timestamp data_end) {
    RangeRequest r;
    r.start = query_int(call, "start").value_or(data_start);
    r.end = query_int(call, "end").value_or(data_end);
    check_time(r.start, "start");
    check_time(r.end, "end");
    if (r.end <= r.start)
        throw bad_request("end", fmt::format("end {} is not after start {}", r.end, r.start));
    const std::int64_t width = query_int(call, "width").value_or(2000);
    if (width < 1 || width > k_max_width)
        throw bad_request("width", fmt::format("width {}: expected 1..{}", width, k_max_width));
    r.width = static_cast<std::size_t>(width);
    return r;
}

}  // namespace heatloop::web
