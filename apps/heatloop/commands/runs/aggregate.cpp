// `heatloop runs aggregate RUN...`: pooled (micro) and macro metrics over several detector
// runs, evaluated as one against one label revision.
#include <fmt/format.h>

#include <iostream>

#include "commands/run/summary.hpp"
#include "commands/runs/runs_common.hpp"
#include "heatloop/eval/result_json.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/runner/runner.hpp"

namespace heatloop::cli::runs {

namespace {

struct AggregateOptions {
    std::string workspace;
    std::vector<std::string> runs;
    std::int64_t revision = -1;  // -1 = latest
};

void aggregate_command(const AggregateOptions& o, const GlobalOptions& global) {
    const io::Workspace ws = io::Workspace::open(o.workspace);
    auto tracker = open_tracker(o.workspace, global, /*must_exist=*/true, /*mirror=*/false);
    const runner::RunEnvironment env{
        ws, tracker->store().db(), *tracker, static_cast<unsigned>(global.threads), false, {}};
    const runner::Aggregate a = runner::aggregate_runs(
        o.runs, o.revision < 0 ? std::nullopt : std::optional(o.revision), env);
    if (global.json) {
        nlohmann::json j = eval::to_json(a.result);
        j["runs"] = a.run_ids;
        j["label_revision"] = a.revision;
        std::cout << j.dump(2) << "\n";
        return;
    }
    fmt::print("{} runs, {} units, label revision {}\n", a.run_ids.size(), a.result.units.size(),
               a.revision);
    print_evaluation(a.result);
}

}  // namespace

void add_aggregate(CLI::App& runs_cmd, const GlobalOptions& global) {
    auto o = std::make_shared<AggregateOptions>();
    auto* cmd = runs_cmd.add_subcommand(
        "aggregate", "pooled and macro metrics of several runs, evaluated as one");
    cmd->add_option("runs", o->runs, "run ids (or unique prefixes)")->required();
    add_workspace_option(*cmd, o->workspace);
    cmd->add_option("--labels-revision", o->revision,
                    "evaluate at this label revision (default: the latest)");
    cmd->footer(
        "Every run must be a detector run over its own units, evaluated with the same "
        "options. docs/runs.md");
    cmd->callback([o, &global] { aggregate_command(*o, global); });
}

}  // namespace heatloop::cli::runs
