// GET /api/v1/units/{unit_id}/series: raw and derived channels, min/max-downsampled to the
// plot's width over [start, end).
#include <fmt/format.h>

#include <algorithm>

#include "heatloop/core/text.hpp"
#include "heatloop/web/api_error.hpp"
#include "heatloop/web/downsample.hpp"
#include "web/api/api.hpp"
#include "web/app_state.hpp"
#include "web/derived_channels.hpp"
#include "web/input.hpp"
#include "web/series_json.hpp"

namespace heatloop::web::api {

namespace {

void series(Call& call) {
    const std::string& id = call.param(0);
    if (!call.workspace().has_unit(id))
        throw ApiError(404, "not_found", fmt::format("unit '{}' not found", id));
    auto frame = call.app().frames.unit(call.workspace(), id);
    const auto& time = frame->time();
    const Timestamp data_start = time.empty() ? 0 : time.front();
    const Timestamp data_end =
        time.empty() ? 1 : time.back() + std::max<Duration>(frame->step(), 1);
    const RangeRequest range = range_request(call, data_start, data_end);

    std::vector<std::string> names;
    if (auto text = query(call, "channels"))
        names = split_list(*text);
    else
        names = frame->channel_names();
    if (names.size() > 32) throw bad_request("channels", "channels: at most 32 at once");
    for (const std::string& n : names)
        if (!frame->find(n) && !(find_derived(n) && can_derive(*frame, *find_derived(n))))
            throw bad_request("channels",
                              fmt::format("channel '{}' is not a channel of unit '{}'", n, id));

    const BucketGrid grid = bucket_grid(range.start, range.end, range.width, frame->step());
    const std::size_t begin = frame->lower_bound(range.start), end = frame->lower_bound(range.end);
    std::span<const Timestamp> t(time.data() + begin, end - begin);
    nlohmann::json out = nlohmann::json::object();
    for (const std::string& n : names) {
        MinMaxSeries s;
        if (const Channel* c = frame->find(n)) {
            s = downsample_min_max(t, std::span(c->values.data() + begin, end - begin), grid);
        } else {
            const std::vector<double> v = derive(*frame, *find_derived(n), begin, end);
            s = downsample_min_max(t, v, grid);
        }
        out[n] = {{"min", optional_values(s.min)}, {"max", optional_values(s.max)}};
    }
    call.reply(200, {{"start", grid.start},
                     {"end", grid.end},
                     {"bucket_ms", grid.bucket_ms},
                     {"t", bucket_times(grid)},
                     {"series", out}});
}

}  // namespace

void add_series_routes(Router& r) {
    r.add("GET", "/api/v1/units/{unit_id}/series", Access::signed_in, series);
}

}  // namespace heatloop::web::api
