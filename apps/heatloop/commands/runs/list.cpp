// `heatloop runs list`: the runs of a workspace, newest first.
#include <fmt/format.h>

#include <iostream>

#include "commands/runs/runs_common.hpp"
#include "heatloop/tracking/run_json.hpp"

namespace heatloop::cli::runs {

namespace {

struct ListOptions {
    std::string workspace;
    std::string experiment;
    std::string status;
    int limit = 100;
};

// Whether the run is mirrored completely to MLflow (`runs sync` completes "unsynced" ones).
std::string mirror_column(const tracking::RunInfo& r) {
    return r.mlflow_synced ? "synced" : "unsynced";
}

void run_list(const ListOptions& o, const GlobalOptions& global) {
    auto tracker = open_tracker(o.workspace, global, true, false);
    tracking::RunFilter filter;
    if (!o.experiment.empty()) filter.experiment = o.experiment;
    if (!o.status.empty()) filter.status = tracking::parse_run_status(o.status);
    filter.limit = o.limit;
    auto runs = tracker->store().list_runs(filter);
    if (global.json) {
        auto out = nlohmann::json::array();
        for (const auto& r : runs) out.push_back(tracking::to_json(r));
        std::cout << out.dump(2) << "\n";
        return;
    }
    if (runs.empty()) {
        fmt::print("no runs in {}\n", o.workspace);
        return;
    }
    fmt::print("{:<12}  {:<20}  {:<16}  {:<8}  {:<20}  {:>8}  {}\n", "RUN", "NAME", "EXPERIMENT",
               "STATUS", "STARTED", "DURATION", "MLFLOW");
    for (const auto& r : runs)
        fmt::print("{:<12}  {:<20.20}  {:<16.16}  {:<8}  {:<20}  {:>8}  {}\n", r.id.substr(0, 12),
                   r.name, r.experiment, tracking::run_status_name(r.status),
                   format_iso(r.start_time),
                   r.end_time ? format_elapsed(*r.end_time - r.start_time) : "-", mirror_column(r));
}

}  // namespace

void add_list(CLI::App& runs, const GlobalOptions& global) {
    auto o = std::make_shared<ListOptions>();
    auto* cmd = runs.add_subcommand("list", "list runs, newest first");
    add_workspace_option(*cmd, o->workspace);
    cmd->add_option("--experiment", o->experiment, "only runs of this experiment");
    cmd->add_option("--status", o->status, "only runs with this status (RUNNING, FINISHED, ...)");
    cmd->add_option("--limit", o->limit, "at most this many runs")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->callback([o, &global] { run_list(*o, global); });
}

}  // namespace heatloop::cli::runs
