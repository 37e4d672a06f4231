// `heatloop runs show RUN`: everything a run recorded, and for a detector run whose detector
// stores score channels (self_supervised's per-channel residuals) the channels most
// responsible for each alarm; `--metric KEY` prints one series.
#include <fmt/format.h>

#include <iostream>

#include "commands/runs/runs_common.hpp"
#include "heatloop/alarms/alarm_event.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "heatloop/tracking/run_json.hpp"

namespace heatloop::cli::runs {

namespace {

struct ShowOptions {
    std::string workspace;
    std::string run;
    std::string metric;
};

void print_history(const std::vector<tracking::StoredMetric>& points, bool json) {
    if (json) {
        auto out = nlohmann::json::array();
        for (const auto& p : points) out.push_back(tracking::to_json(p));
        std::cout << out.dump(2) << "\n";
        return;
    }
    fmt::print("{:>8}  {:<24}  {:>14}  {}\n", "STEP", "TIME", "VALUE", "UNIT");
    for (const auto& p : points)
        fmt::print("{:>8}  {:<24}  {:>14}  {}\n", p.metric.step, format_iso(p.metric.timestamp),
                   format_value(p.metric.value), p.metric.unit_id.value_or(""));
}

// The alarms of a detector run with their top channels; empty when the run stored no score
// channels (most detectors) or no outputs (a forecaster run, a failed run).
std::vector<runner::AlarmAttribution> attributions(const tracking::Tracker& tracker,
                                                   const std::string& run_id) {
    std::vector<runner::AlarmAttribution> out;
    try {
        out = runner::alarm_attributions(tracker.artifact_dir(run_id));
    } catch (const NotFoundError&) {
        return {};
    }
    if (std::none_of(out.begin(), out.end(), [](const auto& a) { return !a.channels.empty(); }))
        return {};
    return out;
}

constexpr std::size_t k_top_channels = 3;

void print_attributions(const std::vector<runner::AlarmAttribution>& alarms) {
    if (alarms.empty()) return;
    fmt::print("\nalarms ({}) with the channels most responsible (mean |standardised residual|)\n",
               alarms.size());
    fmt::print("  {:<16}  {:<20}  {:<20}  {:>8}  {}\n", "UNIT", "START", "END", "PEAK", "CHANNELS");
    for (const auto& a : alarms) {
        std::vector<std::string> top;
        for (std::size_t k = 0; k < a.channels.size() && k < k_top_channels; ++k)
            top.push_back(fmt::format("{} {:.2f}", a.channels[k].channel, a.channels[k].mean_abs));
        fmt::print("  {:<16}  {:<20}  {:<20}  {:>8}  {}\n", a.alarm.unit_id,
                   format_iso(a.alarm.start), format_iso(a.alarm.end),
                   format_value(a.alarm.peak_score),
                   top.empty() ? "-" : fmt::to_string(fmt::join(top, ", ")));
    }
}

void print_run(tracking::RunStore& store, const tracking::RunInfo& r) {
    auto field = [](std::string_view name, const std::string& value) {
        fmt::print("{:<12} {}\n", name, value);
    };
    field("run", r.id);
    field("name", r.name);
    field("experiment", r.experiment);
    field("status", std::string(tracking::run_status_name(r.status)));
    field("started", format_iso(r.start_time));
    if (r.end_time)
        field("ended", fmt::format("{} ({})", format_iso(*r.end_time),
                                   format_elapsed(*r.end_time - r.start_time)));
    field("git commit", r.git_commit.value_or("-"));
    field("dataset", r.dataset_fingerprint.empty() ? "-" : r.dataset_fingerprint);
    field("labels", r.label_revision ? fmt::format("revision {}", *r.label_revision) : "-");
    field("mlflow", r.mlflow_run_id ? fmt::format("{} ({})", *r.mlflow_run_id,
                                                  r.mlflow_synced ? "synced" : "not synced")
                                    : "not mirrored");
    auto params = store.params(r.id);
    fmt::print("\nparams ({})\n", params.size());
    for (const auto& p : params) fmt::print("  {} = {}\n", p.key, p.value);
    auto sums = store.metric_summaries(r.id);
    fmt::print("\nmetrics ({} series)\n", sums.size());
    if (!sums.empty())
        fmt::print("  {:<28}  {:<12}  {:>12}  {:>8}  {:>12}  {:>12}  {:>7}\n", "KEY", "UNIT",
                   "LAST", "STEP", "MIN", "MAX", "POINTS");
    for (const auto& s : sums)
        fmt::print("  {:<28}  {:<12}  {:>12}  {:>8}  {:>12}  {:>12}  {:>7}\n", s.key,
                   s.unit_id.value_or("-"), format_value(s.last), s.last_step, format_value(s.min),
                   format_value(s.max), s.count);
    auto arts = store.artifacts(r.id);
    fmt::print("\nartifacts ({})\n", arts.size());
    for (const auto& a : arts) fmt::print("  {:<40}  {:>10}  {}\n", a.path, a.size, a.sha256);
    if (!r.config_text.empty()) fmt::print("\nconfig\n{}\n", r.config_text);
}

void run_show(const ShowOptions& o, const GlobalOptions& global) {
    auto tracker = open_tracker(o.workspace, global, true, false);
    auto& store = tracker->store();
    tracking::RunInfo r = store.get_run(o.run);
    if (!o.metric.empty()) {
        auto points = store.metric_history(r.id, o.metric);
        if (points.empty())
            throw NotFoundError(fmt::format("run {} has no metric '{}'", r.id, o.metric));
        return print_history(points, global.json);
    }
    const auto alarms = attributions(*tracker, r.id);
    if (!global.json) {
        print_run(store, r);
        return print_attributions(alarms);
    }
    nlohmann::json out = tracking::to_json(r);
    out["config_text"] = r.config_text;
    out["params"] = nlohmann::json::object();
    for (const auto& p : store.params(r.id)) out["params"][p.key] = p.value;
    out["metrics"] = nlohmann::json::array();
    for (const auto& s : store.metric_summaries(r.id))
        out["metrics"].push_back(tracking::to_json(s));
    out["artifacts"] = nlohmann::json::array();
    for (const auto& a : store.artifacts(r.id)) out["artifacts"].push_back(tracking::to_json(a));
    if (!global.mlflow.empty()) {
        tracking::MlflowMirror mirror(store, o.workspace, global.mlflow);
        if (auto st = mirror.state(r.id))
            out["mlflow_last_error"] = st->last_error ? nlohmann::json(*st->last_error) : nullptr;
    }
    if (!alarms.empty()) {
        out["alarm_channels"] = nlohmann::json::array();
        for (const auto& a : alarms) {
            nlohmann::json j = alarms::to_json(a.alarm);
            j["channels"] = nlohmann::json::array();
            for (const auto& c : a.channels)
                j["channels"].push_back({{"channel", c.channel}, {"mean_abs", c.mean_abs}});
            out["alarm_channels"].push_back(std::move(j));
        }
    }
    std::cout << out.dump(2) << "\n";
}

}  // namespace

void add_show(CLI::App& runs, const GlobalOptions& global) {
    auto o = std::make_shared<ShowOptions>();
    auto* cmd = runs.add_subcommand("show",
                                    "show a run: provenance, params, metrics, artifacts, and "
                                    "the channels most responsible for each alarm (detectors "
                                    "with score channels)");
    cmd->add_option("run", o->run, "run id or a unique prefix of it (at least 4 digits)")
        ->required();
    add_workspace_option(*cmd, o->workspace);
    cmd->add_option("--metric", o->metric, "print every point of this metric instead");
    cmd->callback([o, &global] { run_show(*o, global); });
}

}  // namespace heatloop::cli::runs
