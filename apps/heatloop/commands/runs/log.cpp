// `heatloop runs log`: log one complete run from the command line (scripts, tests, and the
// MLflow mirror end to end) through the same tracking API `heatloop run` uses.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "commands/runs/metric_input.hpp"
#include "commands/runs/runs_common.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::cli::runs {

namespace {

struct LogOptions {
    std::string workspace;
    std::string name;
    std::string experiment = "default";
    std::vector<std::string> params;
    std::vector<std::string> metrics;
    std::string metrics_csv;
    std::vector<std::string> artifacts;
    std::string config;
    std::string dataset_fingerprint;
    std::int64_t label_revision = -1;
    std::string status = "FINISHED";
};

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError(fmt::format("cannot read {}", path));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void run_log(const LogOptions& o, const GlobalOptions& global) {
    // Validate every input before the run exists, so a typo leaves no half-logged run.
    const tracking::RunStatus status = tracking::parse_run_status(o.status);
    if (status == tracking::RunStatus::running)
        throw InvalidInputError("--status: a logged run ends as FINISHED, FAILED or KILLED");
    std::vector<tracking::Param> params;
    for (const auto& p : o.params) params.push_back(parse_param(p));
    const Timestamp now = tracking::now_ms();
    std::vector<tracking::Metric> metrics;
    for (const auto& m : o.metrics) metrics.push_back(parse_metric(m, now));
    if (!o.metrics_csv.empty()) {
        auto more = read_metrics_csv(o.metrics_csv, now);
        metrics.insert(metrics.end(), more.begin(), more.end());
    }
    for (const auto& a : o.artifacts)
        if (!std::filesystem::is_regular_file(a))
            throw IoError(fmt::format("--artifact {}: no such file", a));

    tracking::RunSpec spec;
    spec.experiment = o.experiment;
    spec.name = o.name;
    if (!o.config.empty()) spec.config_text = read_text(o.config);
    spec.dataset_fingerprint = o.dataset_fingerprint;
    if (o.label_revision >= 0) spec.label_revision = o.label_revision;

    auto tracker = open_tracker(o.workspace, global, false, true);
    auto run = tracker->start_run(spec);
    run.log_params(params);
    run.log_metrics(metrics);
    for (const auto& a : o.artifacts) run.log_artifact(a);
    run.end(status);

    const auto& info = run.info();
    const bool mirrored = !global.mlflow.empty();
    if (global.json) {
        nlohmann::json out = {{"run_id", info.id},
                              {"params", params.size()},
                              {"metrics", metrics.size()},
                              {"artifacts", o.artifacts.size()},
                              {"status", std::string(tracking::run_status_name(status))}};
        if (mirrored) {
            auto st = tracker->mirror()->state(info.id);
            out["mlflow_run_id"] = st && !st->mlflow_run_id.empty()
                                       ? nlohmann::json(st->mlflow_run_id)
                                       : nlohmann::json(nullptr);
            out["mlflow_synced"] = run.mirroring();
        }
        std::cout << out.dump() << "\n";
    } else {
        fmt::print("{}\n", info.id);
    }
}

}  // namespace

void add_log(CLI::App& runs, const GlobalOptions& global) {
    auto o = std::make_shared<LogOptions>();
    auto* cmd = runs.add_subcommand(
        "log", "log a complete run (params, metrics, artifacts); prints the run id");
    add_workspace_option(*cmd, o->workspace);
    cmd->add_option("--name", o->name, "run name (default: the first 8 digits of its id)");
    cmd->add_option("--experiment", o->experiment, "experiment (created when missing)")
        ->capture_default_str();
    cmd->add_option("--param", o->params, "a param KEY=VALUE (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--metric", o->metrics, "a metric point KEY=VALUE[@STEP] (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--metrics-csv", o->metrics_csv,
                    "metric points from a CSV with header key,value[,step][,timestamp][,unit_id]");
    cmd->add_option("--artifact", o->artifacts, "a file to store with the run (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--config", o->config, "a file whose text is recorded as the run's config");
    cmd->add_option("--dataset-fingerprint", o->dataset_fingerprint, "dataset fingerprint");
    cmd->add_option("--label-revision", o->label_revision, "label-store revision used")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--status", o->status, "final status: FINISHED, FAILED or KILLED")
        ->capture_default_str();
    cmd->callback([o, &global] { run_log(*o, global); });
}

}  // namespace heatloop::cli::runs
