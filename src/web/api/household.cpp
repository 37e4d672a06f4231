// GET /api/v1/units/{unit_id}/household: the household view of a unit with a hot-water tank:
// its demand calendar (the numbers of `heatloop calendar`), its shower events in a time range
// (shower_event labels with their status, and a run's alarms when a run is chosen), and the
// latest forecaster run's forecast of t_tank_mid against the measured values, and the steering
// schedule for the week after the calendar's window.
#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "heatloop/hotwater/calendar_output.hpp"
#include "heatloop/hotwater/steer.hpp"
#include "heatloop/store/label_service.hpp"
#include "heatloop/tracking/run_store.hpp"
#include "heatloop/web/api_error.hpp"
#include "web/api/api.hpp"
#include "web/api/household_view.hpp"
#include "web/app_state.hpp"
#include "web/input.hpp"
#include "web/run_views.hpp"
#include "web/series_json.hpp"

namespace heatloop::web::api {

namespace {

std::optional<Timestamp> window_bound(const Call& call, const std::string& name) {
    const auto v = query_int(call, name);
    if (v) check_time(*v, name);
    return v;
}

void household(Call& call) {
    const std::string& id = call.param(0);
    AppState& app = call.app();
    if (!call.workspace().has_unit(id))
        throw ApiError(404, "not_found", fmt::format("unit '{}' not found", id));
    auto frame = app.frames.unit(call.workspace(), id);
    if (!frame->find(hotwater::k_tank_channel))
        throw ApiError(404, "not_found",
                       fmt::format("unit '{}' has no {} channel, so no household view", id,
                                   hotwater::k_tank_channel));
    const auto& time = frame->time();
    const Timestamp data_start = time.empty() ? 0 : time.front();
    const Timestamp data_end =
        time.empty() ? 1 : time.back() + std::max<Duration>(frame->step(), 1);
    const RangeRequest range = range_request(call, data_start, data_end);
    const std::optional<Timestamp> from = window_bound(call, "from"), to = window_bound(call, "to");
    if (from && to && *from >= *to)
        throw bad_request("to", fmt::format("to {} is not after from {}", *to, *from));

    // The label events always; a run's alarms when one is chosen, which the calendar then
    // counts (as `heatloop calendar --run` does).
    store::LabelService labels(call.db());
    const auto label_events = hotwater::household_events(labels, *frame, {});
    hotwater::EventSource source;
    std::vector<hotwater::ShowerEvent> run_events;
    if (const auto run = query(call, "run")) {
        source.run_id = find_run(call, *run).id;
        source.run_dir = call.workspace().artifacts_dir() / source.run_id;
        run_events = hotwater::household_events(labels, *frame, source);
    }
    const hotwater::DemandCalendar cal =
        hotwater::household_calendar(*frame, call.workspace().unit_time_zone(id), from, to,
                                     source.run_id.empty() ? label_events : run_events);

    tracking::RunFilter finished;
    finished.status = tracking::RunStatus::finished;
    const auto runs = tracking::RunStore(call.db()).list_runs(finished);
    const auto forecast = latest_tank_forecast(runs, call.workspace().artifacts_dir(), id);
    const BucketGrid grid =
        bucket_grid(range.start, range.end, range.width, forecast ? forecast->frame.step() : 1);

    // The start/stop commands for the week after the calendar's window, from the same events
    // with the default steering parameters (`heatloop steer`); a unit whose events cannot make
    // one gets the reason instead.
    nlohmann::json schedule;
    try {
        hotwater::SteerOptions steer;
        steer.from = from;
        steer.to = to;
        steer.time_zone = cal.time_zone;
        schedule = hotwater::to_json(hotwater::steer_unit(
            *frame, steer, source.run_id.empty() ? label_events : run_events));
    } catch (const InvalidInputError& e) {
        schedule = {{"windows", nlohmann::json::array()}, {"reason", e.what()}};
    }
    call.reply(200, {{"unit_id", id},
                     {"time_zone", cal.time_zone},
                     {"start", range.start},
                     {"end", range.end},
                     {"calendar", hotwater::calendar_json(cal, source.name())},
                     {"events",
                      {{"labels", events_json(label_events, range.start, range.end)},
                       {"run", source.run_id.empty()
                                   ? nlohmann::json()
                                   : nlohmann::json{{"run_id", source.run_id},
                                                    {"alarms", events_json(run_events, range.start,
                                                                           range.end)}}}}},
                     {"forecast", forecast ? forecast_json(*forecast, grid) : nlohmann::json()},
                     {"schedule", std::move(schedule)}});
}

}  // namespace

void add_household_routes(Router& r) {
    r.add("GET", "/api/v1/units/{unit_id}/household", Access::signed_in, household);
}

}  // namespace heatloop::web::api
