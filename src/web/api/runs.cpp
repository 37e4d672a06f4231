// Runs: the leaderboard re-evaluated against the current label revision, one run with its
// per-unit metrics, a unit's scores (downsampled; or one of the detector's score channels)
// and alarms (with the score channels most responsible for each), and the paired comparison
// of two runs (`heatloop runs compare --json`).
#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/eval/compare.hpp"
#include "heatloop/eval/metric_catalogue.hpp"
#include "heatloop/eval/metrics.hpp"
#include "heatloop/eval/result_json.hpp"
#include "heatloop/store/label_service.hpp"
#include "heatloop/tracking/run_store.hpp"
#include "heatloop/web/api_error.hpp"
#include "web/api/api.hpp"
#include "web/app_state.hpp"
#include "web/input.hpp"
#include "web/run_views.hpp"
#include "web/series_json.hpp"

namespace heatloop::web::api {

namespace {

// A run as the leaderboard shows it, metrics at `revision` (micro-averaged); `per_unit`
// receives the per-unit metrics when given, `breakdowns` the metrics per label category
// (and season, unit type, ...).
nlohmann::json run_json(Call& call, const tracking::RunInfo& info, std::int64_t revision,
                        nlohmann::json* per_unit = nullptr, nlohmann::json* breakdowns = nullptr) {
    nlohmann::json j{
        {"run_id", info.id},
        {"name", info.name},
        {"detector", ""},
        {"status", tracking::run_status_name(info.status)},
        {"created_at", info.start_time},
        {"original_label_revision",
         info.label_revision ? nlohmann::json(*info.label_revision) : nlohmann::json()},
        {"metrics", nlohmann::json::object()}};
    if (info.status != tracking::RunStatus::finished) return j;
    try {
        auto outputs = run_outputs(call, info);
        j["detector"] = outputs->summary.value("detector", "");
        auto ev = run_evaluation(call, info, revision);
        const nlohmann::json doc = eval::to_json(ev->result);
        j["metrics"] = doc.at("micro");
        j["original_label_revision"] = ev->original_revision;
        if (per_unit) {
            *per_unit = nlohmann::json::object();
            for (const nlohmann::json& u : doc.at("units"))
                (*per_unit)[u.at("unit_id").get<std::string>()] = u.at("metrics");
        }
        if (breakdowns) *breakdowns = doc.at("breakdowns");
    } catch (const ApiError& e) {
        if (e.status() != 404) throw;  // a finished run without outputs has no metrics
    }
    return j;
}

void list(Call& call) {
    const std::int64_t revision = store::LabelService(call.db()).current_revision();
    nlohmann::json runs = nlohmann::json::array();
    for (const tracking::RunInfo& info : tracking::RunStore(call.db()).list_runs())
        runs.push_back(run_json(call, info, revision));
    call.reply(200, {{"label_revision", revision},
                     {"runs", runs},
                     {"metric_catalogue", eval::metric_catalogue_json()}});
}

void show(Call& call) {
    const tracking::RunInfo info = find_run(call, call.param(0));
    const std::int64_t revision = store::LabelService(call.db()).current_revision();
    nlohmann::json per_unit = nlohmann::json::object(), breakdowns = nlohmann::json::object();
    nlohmann::json run = run_json(call, info, revision, &per_unit, &breakdowns);
    // The run page (like MLflow's): its configuration, parameters and artifacts too.
    tracking::RunStore store(call.db());
    nlohmann::json params = nlohmann::json::object();
    for (const tracking::Param& p : store.params(info.id)) params[p.key] = p.value;
    nlohmann::json artifacts = nlohmann::json::array();
    for (const tracking::Artifact& a : store.artifacts(info.id))
        artifacts.push_back({{"path", a.path}, {"size", a.size}});
    call.reply(
        200, {{"label_revision", revision},
              {"run", run},
              {"per_unit", per_unit},
              {"breakdowns", breakdowns},
              {"experiment", info.experiment},
              {"end_time", info.end_time ? nlohmann::json(*info.end_time) : nlohmann::json()},
              {"git_commit", info.git_commit ? nlohmann::json(*info.git_commit) : nlohmann::json()},
              {"dataset_fingerprint", info.dataset_fingerprint},
              {"config", info.config_text},
              {"params", params},
              {"artifacts", artifacts},
              {"note", run_note_json(store.note(info.id))}});
}

// The score, or with ?channel=<name> the detector's score channel "score.<name>" (a
// per-channel contribution), min/max-downsampled over the requested range.
void scores(Call& call) {
    const tracking::RunInfo info = find_run(call, call.param(0));
    auto outputs = run_outputs(call, info);
    const eval::UnitData& u = run_unit(*outputs, info.id, call.param(1));
    const std::vector<double>* values = &u.scores;
    std::shared_ptr<const UnitFrame> channels;  // keeps *values alive
    if (auto name = query(call, "channel")) {
        channels = run_score_channels(call, *outputs, info.id, u.unit_id);
        const Channel* c = channels->find(runner::score_channel_name(*name));
        if (c == nullptr) {
            std::vector<std::string> known;
            for (const Channel& k : channels->channels())
                known.push_back(k.name.substr(std::string_view("score.").size()));
            throw bad_request(
                "channel",
                fmt::format("channel '{}' is not a score channel of run {} on unit '{}' ({})",
                            visible(*name), info.id, u.unit_id,
                            known.empty()
                                ? std::string("its detector provides none")
                                : fmt::format("its channels: {}", fmt::join(known, ", "))));
        }
        values = &c->values;
    }
    const Timestamp data_start = u.time.empty() ? 0 : u.time.front();
    const Timestamp data_end = u.time.empty() ? 1 : u.time.back() + std::max<Duration>(u.step, 1);
    const RangeRequest range = range_request(call, data_start, data_end);
    const BucketGrid grid = bucket_grid(range.start, range.end, range.width, u.step);
    const MinMaxSeries s = downsample_min_max(u.time, *values, grid);
    call.reply(200, {{"start", grid.start},
                     {"end", grid.end},
                     {"bucket_ms", grid.bucket_ms},
                     {"t", bucket_times(grid)},
                     {"min", optional_values(s.min)},
                     {"max", optional_values(s.max)}});
}

// The unit's alarms, each with the detector's score channels ranked over it (largest mean
// magnitude first; empty when the detector provides none), and the unit's threshold.
void alarms(Call& call) {
    const tracking::RunInfo info = find_run(call, call.param(0));
    auto outputs = run_outputs(call, info);
    const eval::UnitData& u = run_unit(*outputs, info.id, call.param(1));
    auto channels = run_score_channels(call, *outputs, info.id, u.unit_id);
    nlohmann::json out = nlohmann::json::array();
    for (const alarms::AlarmEvent& a : u.alarms) {
        nlohmann::json shares = nlohmann::json::array();
        for (const runner::ChannelShare& c : runner::alarm_channels(*channels, a))
            shares.push_back({{"channel", c.channel}, {"mean_abs", c.mean_abs}});
        out.push_back({{"start", a.start},
                       {"end", a.end},
                       {"peak_score", a.peak_score},
                       {"channels", shares}});
    }
    // The threshold the unit's scores were cut at (summary.json's units), null when not stored.
    nlohmann::json threshold;
    for (const nlohmann::json& su : outputs->summary.value("units", nlohmann::json::array()))
        if (su.value("unit_id", "") == u.unit_id && su.contains("threshold") &&
            su.at("threshold").is_number())
            threshold = su.at("threshold");
    call.reply(200, {{"alarms", out}, {"threshold", threshold}});
}

void compare(Call& call) {
    const auto a = query(call, "a"), b = query(call, "b");
    if (!a) throw bad_request("a", "a: required (the baseline run id)");
    if (!b) throw bad_request("b", "b: required (the candidate run id)");
    const std::string metric = query(call, "metric").value_or("event_f1");
    bool known = false;  // the leaderboard compares detector runs (label-evaluated)
    for (const eval::MetricField& f : eval::metric_fields()) known = known || f.name == metric;
    if (!known) throw bad_request("metric", fmt::format("metric '{}' is not known", metric));
    const std::int64_t revision = store::LabelService(call.db()).current_revision();
    const tracking::RunInfo ra = find_run(call, *a), rb = find_run(call, *b);
    auto ea = run_evaluation(call, ra, revision), eb = run_evaluation(call, rb, revision);
    nlohmann::json j = eval::to_json(eval::compare_runs(ea->result, eb->result, metric));
    j["baseline_run"] = ra.id;
    j["candidate_run"] = rb.id;
    j["label_revision"] = revision;
    call.reply(200, j);
}

}  // namespace

void add_run_routes(Router& r) {
    r.add("GET", "/api/v1/runs", Access::signed_in, list);
    r.add("GET", "/api/v1/runs/compare", Access::signed_in, compare);  // before {run_id}
    r.add("GET", "/api/v1/runs/{run_id}", Access::signed_in, show);
    r.add("GET", "/api/v1/runs/{run_id}/units/{unit_id}/scores", Access::signed_in, scores);
    r.add("GET", "/api/v1/runs/{run_id}/units/{unit_id}/alarms", Access::signed_in, alarms);
}

}  // namespace heatloop::web::api
