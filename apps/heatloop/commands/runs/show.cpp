// `heatloop runs show RUN`: everything a run recorded; `--metric KEY` prints one series.
#include <fmt/format.h>

#include <iostream>

#include "commands/runs/runs_common.hpp"
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
    if (!global.json) return print_run(store, r);
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
    std::cout << out.dump(2) << "\n";
}

}  // namespace

void add_show(CLI::App& runs, const GlobalOptions& global) {
    auto o = std::make_shared<ShowOptions>();
    auto* cmd = runs.add_subcommand("show", "show a run: provenance, params, metrics, artifacts");
    cmd->add_option("run", o->run, "run id or a unique prefix of it (at least 4 digits)")
        ->required();
    add_workspace_option(*cmd, o->workspace);
    cmd->add_option("--metric", o->metric, "print every point of this metric instead");
    cmd->callback([o, &global] { run_show(*o, global); });
}

}  // namespace heatloop::cli::runs
