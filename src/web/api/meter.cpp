// GET /api/v1/meters and GET /api/v1/meters/{meter_id}: the smart-meter view of a household
// (issue 14): its meter's total, a disaggregation run's estimate of the heat pump's load and,
// where the household has a heat-pump sub-meter, the truth (load_heat_pump), with a classifier
// run's detection probability, per household and per month.
#include <fmt/format.h>

#include <algorithm>

#include "heatloop/core/error.hpp"
#include "heatloop/tracking/run_store.hpp"
#include "heatloop/web/api_error.hpp"
#include "web/api/api.hpp"
#include "web/api/meter_view.hpp"
#include "web/app_state.hpp"
#include "web/input.hpp"
#include "web/series_json.hpp"

namespace heatloop::web::api {

namespace {

std::vector<tracking::RunInfo> finished_runs(Call& call) {
    tracking::RunFilter finished;
    finished.status = tracking::RunStatus::finished;
    return tracking::RunStore(call.db()).list_runs(finished);
}

nlohmann::json household_json(const io::Workspace& ws, const std::string& id) {
    const HouseholdInfo* h = ws.find_household(id);
    if (!h) return nullptr;
    return {{"has_heat_pump", h->has_heat_pump ? nlohmann::json(*h->has_heat_pump) : nullptr},
            {"heat_pump_type", h->heat_pump_type},
            {"unit_id", h->unit_id},
            {"location", h->location}};
}

void list_meters(Call& call) {
    const io::Workspace& ws = call.workspace();
    nlohmann::json meters = nlohmann::json::array();
    for (const std::string& id : ws.meter_ids()) {
        const io::SeriesSummary& s = ws.manifest().meters.at(id);
        meters.push_back({{"meter_id", id},
                          {"meters", ws.meters_of(id)},
                          {"start", s.start},
                          {"end", s.end()},
                          {"step_ms", s.step},
                          {"is_unit", ws.has_unit(id)},
                          {"household", household_json(ws, id)}});
    }
    call.reply(200, {{"meters", meters}});
}

// The run named by query parameter `name` among `candidates` (an id or unique prefix), else
// the newest; nullopt when there is none. 404 names the parameter when the named run has
// nothing for the household.
std::optional<MeterRun> choose(const Call& call, const std::string& name,
                               const std::vector<MeterRun>& candidates, const std::string& id,
                               const std::string& what) {
    const auto wanted = query(call, name);
    if (!wanted || wanted->empty())
        return candidates.empty() ? std::nullopt : std::optional(candidates.front());
    std::vector<const MeterRun*> hits;
    for (const MeterRun& r : candidates)
        if (r.run_id.starts_with(*wanted)) hits.push_back(&r);
    if (hits.size() > 1)
        throw bad_request(name, fmt::format("{} '{}' matches {} runs; give more of the id", name,
                                            *wanted, hits.size()));
    if (hits.empty())
        throw ApiError(404, "not_found",
                       fmt::format("no finished {} run '{}' for household '{}'", what, *wanted, id),
                       name);
    return *hits.front();
}

void meter(Call& call) {
    const std::string& id = call.param(0);
    const io::Workspace& ws = call.workspace();
    const auto ids = ws.meter_ids();
    if (!std::binary_search(ids.begin(), ids.end(), id))
        throw ApiError(404, "not_found", fmt::format("no smart meter '{}' in the workspace", id));
    const UnitFrame frame = ws.load_meter(id);
    const auto& time = frame.time();
    const Timestamp data_start = time.empty() ? 0 : time.front();
    const Timestamp data_end = time.empty() ? 1 : time.back() + std::max<Duration>(frame.step(), 1);
    const RangeRequest range = range_request(call, data_start, data_end);
    const BucketGrid grid =
        bucket_grid(range.start, range.end, range.width, std::max<Duration>(frame.step(), 1));

    const auto runs = finished_runs(call);
    const auto artifacts = ws.artifacts_dir();
    const auto disaggregations = meter_runs(runs, artifacts, id, "disaggregator");
    const auto detections = meter_runs(runs, artifacts, id, "classifier");
    const auto run = choose(call, "run", disaggregations, id, "disaggregation");
    const auto detect_run = choose(call, "detect_run", detections, id, "classifier");

    // The truth is the sub-meter of the component the run estimated (load_heat_pump unless
    // its config named another).
    std::string truth_channel = "load_heat_pump";
    nlohmann::json estimate = nullptr;
    if (run) {
        const MeterEstimate e = read_meter_estimate(artifacts, *run, id);
        const std::string est = e.component + "_estimate";
        truth_channel = e.component;
        const std::vector<std::string> all{e.total, e.component, est};
        estimate = {{"run", to_json(e.run)},
                    {"component", e.component},
                    {"metrics", e.metrics},
                    {"series", meter_series_json(e.frame, est, grid)},
                    {"energy_kwh",
                     {{"total", energy_kwh(e.frame, e.total, all, range.start, range.end)},
                      {"truth", energy_kwh(e.frame, e.component, all, range.start, range.end)},
                      {"estimate", energy_kwh(e.frame, est, all, range.start, range.end)},
                      {"estimate_where_no_truth",
                       energy_kwh(e.frame, est, {e.total}, range.start, range.end)}}}};
    }
    nlohmann::json detection = nullptr;
    if (detect_run) detection = to_json(read_meter_detection(artifacts, *detect_run, id));

    nlohmann::json disaggregation_choices = nlohmann::json::array(),
                   detection_choices = nlohmann::json::array();
    for (const MeterRun& r : disaggregations) disaggregation_choices.push_back(to_json(r));
    for (const MeterRun& r : detections) detection_choices.push_back(to_json(r));
    call.reply(
        200,
        {{"meter_id", id},
         {"meters", ws.meters_of(id)},
         {"is_unit", ws.has_unit(id)},
         {"household", household_json(ws, id)},
         {"step_ms", frame.step()},
         {"data_start", data_start},
         {"data_end", data_end},
         {"start", grid.start},
         {"end", grid.end},
         {"bucket_ms", grid.bucket_ms},
         {"t", bucket_times(grid)},
         {"total", meter_series_json(frame, "load", grid)},
         {"truth", meter_series_json(frame, truth_channel, grid)},
         {"estimate", std::move(estimate)},
         {"detection", std::move(detection)},
         {"runs", {{"disaggregation", disaggregation_choices}, {"detection", detection_choices}}}});
}

}  // namespace

void add_meter_routes(Router& r) {
    r.add("GET", "/api/v1/meters", Access::signed_in, list_meters);
    r.add("GET", "/api/v1/meters/{meter_id}", Access::signed_in, meter);
}

}  // namespace heatloop::web::api
