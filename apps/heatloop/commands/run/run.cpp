// `heatloop run CONFIG.toml`: plan, fit, predict, evaluate and log one run of any model kind.
#include <fmt/format.h>

#include <iostream>

#include "commands/command.hpp"
#include "commands/run/summary.hpp"
#include "commands/runs/runs_common.hpp"
#include "heatloop/eval/result_json.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/runner/runner.hpp"

namespace heatloop::cli {

namespace {

struct RunOptions {
    std::string config;
    std::string workspace;
};

void run_command(const RunOptions& o, const GlobalOptions& global) {
    const runner::RunConfig config = runner::load_run_config(o.config);
    const io::Workspace ws = io::Workspace::open(o.workspace);
    auto tracker = runs::open_tracker(o.workspace, global, /*must_exist=*/false, /*mirror=*/true);
    const runner::RunEnvironment env = runs::run_environment(ws, *tracker, global);
    const runner::RunResult r = runner::execute_run(config, env);
    if (global.json) {
        std::cout << nlohmann::json{{"run_id", r.run_id},
                                    {"kind", models::kind_name(r.kind)},
                                    {"models", r.models},
                                    {"label_revision", r.label_revision},
                                    {"dataset_fingerprint", r.dataset_fingerprint},
                                    {"train_units", r.train_units},
                                    {"eval_units", r.eval_units},
                                    {"alarms", r.alarms},
                                    {"evaluation", r.evaluation_json}}
                         .dump(2)
                  << "\n";
        return;
    }
    if (r.kind == models::ModelKind::detector) {
        fmt::print(
            "run {} ({}): {} model{}, {} alarms on {} units, evaluated against label revision "
            "{}\n",
            r.run_id, config.name, r.models, r.models == 1 ? "" : "s", r.alarms,
            r.eval_units.size(), r.label_revision);
        print_evaluation(r.evaluation);
    } else if (r.kind == models::ModelKind::classifier) {
        const auto& e = r.evaluation_json;
        const auto num = [](const nlohmann::json& m, const char* k) {
            return m.at(k).is_number() ? fmt::format("{:.3f}", m.at(k).get<double>()) : "n/a";
        };
        fmt::print("run {} ({}): {} folds by household over {} households\n", r.run_id, config.name,
                   r.models, r.eval_units.size());
        for (const char* level : {"micro", "month"})
            fmt::print("  {:<9} ROC-AUC {}  PR-AUC {}  accuracy {}  F1 {}  Brier {} (n = {})\n",
                       level[0] == 'm' && level[1] == 'i' ? "household" : "month",
                       num(e.at(level), "roc_auc"), num(e.at(level), "pr_auc"),
                       num(e.at(level), "accuracy"), num(e.at(level), "f1"),
                       num(e.at(level), "brier"), e.at(level).at("n").get<std::size_t>());
    } else {
        fmt::print("run {} ({}): {} model{} forecasting {} on {} units\n", r.run_id, config.name,
                   r.models, r.models == 1 ? "" : "s", r.evaluation_json.value("target", ""),
                   r.eval_units.size());
        print_forecast_evaluation(r.evaluation_json);
    }
    fmt::print("outputs in {}\n", tracker->artifact_dir(r.run_id).string());
}

}  // namespace

void add_run(CLI::App& app, const GlobalOptions& global) {
    auto o = std::make_shared<RunOptions>();
    auto* cmd = app.add_subcommand(
        "run",
        "train a model (detector, forecaster, classifier) per fleet, unit or fold, predict, "
        "evaluate, log the run");
    cmd->add_option("config", o->config, "run configuration (TOML; see configs/)")->required();
    add_workspace_option(*cmd, o->workspace);
    cmd->footer("Prints the run id; --json prints the run and its evaluation. docs/runs.md");
    cmd->callback([o, &global] { run_command(*o, global); });
}

}  // namespace heatloop::cli
