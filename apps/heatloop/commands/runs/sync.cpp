// `heatloop runs sync --mlflow URL`: mirror every ended run the server lacks.
#include <fmt/format.h>

#include <iostream>

#include "commands/runs/runs_common.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/tracking/run_json.hpp"

namespace heatloop::cli::runs {

namespace {

void run_sync(const std::string& workspace, const GlobalOptions& global) {
    if (global.mlflow.empty())
        throw InvalidInputError("runs sync: give the MLflow server with --mlflow URL");
    auto tracker = open_tracker(workspace, global, true, false);
    tracking::MlflowMirror mirror(tracker->store(), workspace, global.mlflow);
    const auto pending = mirror.pending_runs();
    tracking::SyncAllReport report = mirror.sync_pending();
    if (global.json) {
        nlohmann::json out = {{"mlflow", mirror.url()},
                              {"pending", pending.size()},
                              {"synced", nlohmann::json::array()},
                              {"failed", nlohmann::json::array()}};
        for (const auto& s : report.synced) out["synced"].push_back(tracking::to_json(s));
        for (const auto& [id, err] : report.failed)
            out["failed"].push_back({{"run_id", id}, {"error", err}});
        std::cout << out.dump(2) << "\n";
    } else {
        std::int64_t points = 0;
        for (const auto& s : report.synced) {
            points += s.metrics_sent;
            fmt::print("{}  -> {}  {} points, {} params, {} artifacts{}\n", s.run_id,
                       s.mlflow_run_id, s.metrics_sent, s.params_sent, s.artifacts_sent,
                       s.created ? " (created)" : "");
            for (const auto& m : s.missing_artifacts)
                fmt::print(stderr, "warning: run {}: artifact {} is no longer on disk\n", s.run_id,
                           m);
        }
        fmt::print("synced {} of {} pending run{} to {} ({} metric points)\n", report.synced.size(),
                   pending.size(), pending.size() == 1 ? "" : "s", mirror.url(), points);
    }
    if (!report.failed.empty()) {
        for (const auto& [id, err] : report.failed) fmt::print(stderr, "run {}: {}\n", id, err);
        throw IoError(
            fmt::format("{} run{} could not be mirrored to {}; run `heatloop runs sync` "
                        "again later",
                        pending.size() - report.synced.size(),
                        pending.size() - report.synced.size() == 1 ? "" : "s", mirror.url()));
    }
}

}  // namespace

void add_sync(CLI::App& runs, const GlobalOptions& global) {
    auto workspace = std::make_shared<std::string>();
    auto* cmd = runs.add_subcommand(
        "sync", "mirror every ended run not yet on the MLflow server (--mlflow URL)");
    add_workspace_option(*cmd, *workspace);
    cmd->callback([workspace, &global] { run_sync(*workspace, global); });
}

}  // namespace heatloop::cli::runs
