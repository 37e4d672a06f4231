#include "heatloop/runner/compare_runs.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/metric_catalogue.hpp"
#include "heatloop/eval/result_json.hpp"

namespace heatloop::runner {

RunComparison compare_stored_runs(const std::string& baseline, const std::string& candidate,
                                  const std::string& metric, std::optional<std::int64_t> revision,
                                  const eval::CompareOptions& options, const RunEnvironment& env) {
    RunComparison out;
    out.kind = run_kind(baseline, env);
    if (run_kind(candidate, env) != out.kind)
        throw InvalidInputError(
            fmt::format("run {} is a {} run and run {} is not: compare runs of one kind", baseline,
                        models::kind_name(out.kind), candidate));
    // Detector runs are re-evaluated against one label revision; the other kinds' metrics do
    // not depend on labels and are read from their evaluations. The direction comes from the
    // metric catalogue.
    if (out.kind == models::ModelKind::detector) {
        const auto a = reevaluate_run(baseline, revision, env, /*record=*/false);
        const auto b = reevaluate_run(candidate, revision, env, /*record=*/false);
        out.comparison = eval::compare_runs(a.result, b.result, metric, options);
        out.baseline_run = a.run_id, out.candidate_run = b.run_id, out.label_revision = a.revision;
        return out;
    }
    const eval::MetricInfo& m = eval::metric_info(metric);
    out.baseline_run = env.tracker.store().get_run(baseline).id;
    out.candidate_run = env.tracker.store().get_run(candidate).id;
    out.comparison = eval::compare_paired(
        m.name, m.higher_is_better, stored_unit_metric(out.baseline_run, metric, env),
        stored_unit_metric(out.candidate_run, metric, env), options);
    return out;
}

nlohmann::json to_json(const RunComparison& c) {
    nlohmann::json j = eval::to_json(c.comparison);
    j["baseline_run"] = c.baseline_run;
    j["candidate_run"] = c.candidate_run;
    j["kind"] = models::kind_name(c.kind);
    j["label_revision"] = c.label_revision ? nlohmann::json(*c.label_revision) : nlohmann::json();
    return j;
}

}  // namespace heatloop::runner
