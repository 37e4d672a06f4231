// `heatloop evaluate RUN`: re-evaluate a run's stored scores and alarms against another label
// revision, without retraining, and say which metrics changed.
#include <fmt/format.h>

#include <iostream>

#include "commands/command.hpp"
#include "commands/run/summary.hpp"
#include "commands/runs/runs_common.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/eval/result_json.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/runner/runner.hpp"

namespace heatloop::cli {

namespace {

struct EvaluateOptions {
    std::string run;
    std::string workspace;
    std::string revision = "latest";
};

std::optional<std::int64_t> parse_revision(const std::string& text) {
    if (text == "latest") return std::nullopt;
    try {
        std::size_t used = 0;
        const long long n = std::stoll(text, &used);
        if (used == text.size() && n >= 0) return n;
    } catch (const std::exception&) {
    }
    throw InvalidInputError(
        fmt::format("--labels-revision: expected a revision number or 'latest', got '{}'", text));
}

nlohmann::json to_json(const runner::MetricChange& c) {
    auto num = [](double v) { return std::isnan(v) ? nlohmann::json() : nlohmann::json(v); };
    return {{"scope", c.scope},
            {"metric", c.metric},
            {"before", num(c.before)},
            {"after", num(c.after)}};
}

void evaluate_command(const EvaluateOptions& o, const GlobalOptions& global) {
    const io::Workspace ws = io::Workspace::open(o.workspace);
    auto tracker = runs::open_tracker(o.workspace, global, /*must_exist=*/true, /*mirror=*/false);
    const runner::RunEnvironment env{ws,           tracker->store().db(),
                                     *tracker,     static_cast<unsigned>(global.threads),
                                     !global.json, {}};
    const runner::ReEvaluation r = runner::reevaluate_run(o.run, parse_revision(o.revision), env);
    if (global.json) {
        nlohmann::json changes = nlohmann::json::array();
        for (const auto& c : r.changes) changes.push_back(to_json(c));
        std::cout << nlohmann::json{{"run_id", r.run_id},
                                    {"original_revision", r.original_revision},
                                    {"revision", r.revision},
                                    {"changes", changes},
                                    {"evaluation", eval::to_json(r.result)}}
                         .dump(2)
                  << "\n";
        return;
    }
    fmt::print(
        "run {} evaluated against label revision {} (trained and first evaluated at "
        "revision {})\n",
        r.run_id, r.revision, r.original_revision);
    print_evaluation(r.result);
    if (r.changes.empty()) {
        fmt::print("no metric changed versus revision {}\n", r.original_revision);
        return;
    }
    std::size_t unit_changes = 0;
    fmt::print("changed versus revision {}:\n", r.original_revision);
    for (const auto& c : r.changes) {
        if (c.scope != "micro" && c.scope != "macro") {
            ++unit_changes;
            continue;
        }
        fmt::print("  {:<6} {:<30} {:>10} -> {}\n", c.scope, c.metric, format_metric(c.before),
                   format_metric(c.after));
    }
    if (unit_changes)
        fmt::print("  and {} per-unit metric values (--json lists them)\n", unit_changes);
}

}  // namespace

void add_evaluate(CLI::App& app, const GlobalOptions& global) {
    auto o = std::make_shared<EvaluateOptions>();
    auto* cmd = app.add_subcommand(
        "evaluate", "re-evaluate a run's stored outputs against a label revision (no retraining)");
    cmd->add_option("run", o->run, "run id (or a unique prefix)")->required();
    add_workspace_option(*cmd, o->workspace);
    cmd->add_option("--labels-revision", o->revision, "label revision N, or latest")
        ->capture_default_str();
    cmd->callback([o, &global] { evaluate_command(*o, global); });
}

}  // namespace heatloop::cli
