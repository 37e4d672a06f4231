// `heatloop runs compare A B`: per-unit paired comparison of two runs on one metric, both
// evaluated against the same label revision.
#include <fmt/format.h>

#include <iostream>

#include "commands/run/summary.hpp"
#include "commands/runs/runs_common.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/eval/compare.hpp"
#include "heatloop/eval/metric_catalogue.hpp"
#include "heatloop/eval/result_json.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/runner/compare_runs.hpp"
#include "heatloop/runner/runner.hpp"

namespace heatloop::cli::runs {

namespace {

struct CompareOptions {
    std::string workspace;
    std::string baseline, candidate;
    std::string metric = "event_f1";
    std::int64_t revision = -1;  // -1 = latest
    std::uint64_t seed = 0;
};

void compare_command(const CompareOptions& o, const GlobalOptions& global) {
    const io::Workspace ws = io::Workspace::open(o.workspace);
    auto tracker = open_tracker(o.workspace, global, /*must_exist=*/true, /*mirror=*/false);
    const runner::RunEnvironment env{
        ws, tracker->store().db(), *tracker, static_cast<unsigned>(global.threads), false, {}};
    const std::optional<std::int64_t> revision =
        o.revision < 0 ? std::nullopt : std::optional(o.revision);
    eval::CompareOptions co;
    co.seed = o.seed;
    const runner::RunComparison r =
        runner::compare_stored_runs(o.baseline, o.candidate, o.metric, revision, co, env);
    const eval::PairedComparison& c = r.comparison;
    const std::string& baseline_id = r.baseline_run;
    const std::string& candidate_id = r.candidate_run;
    const std::optional<std::int64_t>& at_revision = r.label_revision;
    const models::ModelKind kind = r.kind;
    if (global.json) {
        std::cout << runner::to_json(r).dump(2) << "\n";
        return;
    }
    fmt::print("{} of {} (candidate) vs {} (baseline), {}, {} is better\n", c.metric, candidate_id,
               baseline_id,
               at_revision ? fmt::format("label revision {}", *at_revision)
                           : std::string(models::kind_name(kind)) + " runs",
               c.higher_is_better ? "higher" : "lower");
    fmt::print("  {:<20} {:>10} {:>10} {:>10}\n", "UNIT", "BASELINE", "CANDIDATE", "DELTA");
    for (const auto& d : c.deltas)
        fmt::print("  {:<20} {:>10} {:>10} {:>+10.3f}\n", d.unit_id, format_metric(d.baseline),
                   format_metric(d.candidate), d.delta);
    fmt::print("units improved {}, worse {}, unchanged {} (undefined {}, only in one run {})\n",
               c.improved, c.worse, c.unchanged, c.undefined,
               c.only_in_baseline + c.only_in_candidate);
    fmt::print("mean delta {} (bootstrap {:.0f}% CI {} .. {}), median delta {}\n",
               format_metric(c.mean_delta), c.options.confidence * 100, format_metric(c.ci_low),
               format_metric(c.ci_high), format_metric(c.median_delta));
    fmt::print("Wilcoxon signed-rank p = {} (n = {}, {})\n", format_metric(c.wilcoxon.p_value),
               c.wilcoxon.n, c.wilcoxon.exact ? "exact" : "normal approximation");
}

}  // namespace

void add_compare(CLI::App& runs_cmd, const GlobalOptions& global) {
    auto o = std::make_shared<CompareOptions>();
    auto* cmd = runs_cmd.add_subcommand(
        "compare", "paired per-unit comparison of two runs: deltas, Wilcoxon, bootstrap CI");
    cmd->add_option("baseline", o->baseline, "baseline run id")->required();
    cmd->add_option("candidate", o->candidate, "candidate run id")->required();
    add_workspace_option(*cmd, o->workspace);
    cmd->add_option("--metric", o->metric,
                    "metric to compare (docs/evaluation.md; forecaster runs: rmse, mae, mape, r2)")
        ->capture_default_str();
    cmd->add_option("--labels-revision", o->revision,
                    "evaluate both runs at this label revision (default: the latest)");
    cmd->add_option("--seed", o->seed, "bootstrap seed")->capture_default_str();
    cmd->callback([o, &global] { compare_command(*o, global); });
}

}  // namespace heatloop::cli::runs
