#pragma once
/// `heatloop run` and `heatloop evaluate` as library calls: plan (units, splits, what trains
/// on what) -> fit one model per fleet, unit or fold -> predict each unit (predict_unit.hpp)
/// -> finish (detectors: calibrated thresholds, alarms, evaluation against the label store;
/// forecasters: forecast accuracy) -> store the outputs and log everything to the tracker;
/// and re-evaluate a stored detector run against another label revision without retraining.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "heatloop/eval/curve.hpp"
#include "heatloop/eval/evaluate.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/runner/model_source.hpp"
#include "heatloop/runner/run_config.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/store/label_file.hpp"
#include "heatloop/tracking/tracker.hpp"

namespace heatloop::runner {

class FanOut;

/// Where a run reads and logs.
struct RunEnvironment {
    const io::Workspace& workspace;
    store::Db& db;  // the label store (and the tracker's database)
    tracking::Tracker& tracker;
    unsigned threads = 0;  // 0 = one per core
    bool progress = true;  // progress bars on a terminal
    /// Status lines ("fitting isolation_forest on 4 units"); default: none.
    std::function<void(const std::string&)> status;
    /// Where the run's models come from; nullptr = the model registry (model_source.hpp).
    const ModelSource* models = nullptr;
    /// Where the per-unit fits and predictions run; nullptr = here (fan_out.hpp). Registry
    /// models only; not for classifier runs.
    const FanOut* fan_out = nullptr;
};

/// What a run produced.
struct RunResult {
    std::string run_id;
    models::ModelKind kind = models::ModelKind::detector;
    std::int64_t label_revision = 0;
    std::string dataset_fingerprint;
    std::vector<std::string> train_units, eval_units;
    std::size_t models = 0;  ///< models trained (1 for the fleet, one per unit or fold)
    std::size_t alarms = 0;
    eval::EvaluationResult evaluation;  ///< detectors: the evaluation against the labels
    eval::DelayFalseAlarmCurve curve;   ///< detectors
    nlohmann::json evaluation_json;     ///< evaluation.json of any kind
};

/// Runs `config`. The run is logged as FAILED (and the error rethrown) when anything goes
/// wrong after it started; config and data problems are found before it starts. Throws
/// InvalidInputError for units that do not exist or have no data in the configured period.
RunResult execute_run(const RunConfig& config, const RunEnvironment& env);

/// One metric that changed between two evaluations of a run.
struct MetricChange {
    std::string scope;  ///< "micro", "macro", or a unit id
    std::string metric;
    double before = 0.0, after = 0.0;  ///< NaN when undefined
};

/// A run evaluated again.
struct ReEvaluation {
    std::string run_id;
    std::int64_t original_revision = 0;
    std::int64_t revision = 0;
    eval::EvaluationResult result;
    std::vector<MetricChange> changes;  ///< versus the run's original evaluation
};

/// Re-evaluates the stored outputs of `run_id` (an id or unique prefix) against the labels
/// at `revision` (nullopt = the latest). With `record`, keeps the evaluation as the artifact
/// evaluations/revision-<N>.json and logs its metrics with step N. NotFoundError for an
/// unknown run or one without stored outputs; InvalidInputError for a revision that does
/// not exist.
ReEvaluation reevaluate_run(const std::string& run_id, std::optional<std::int64_t> revision,
                            const RunEnvironment& env, bool record = true);

/// The stored outputs of `run_id` evaluated against `labels` (e.g. a ground-truth file) with
/// the run's own evaluation options. Records nothing.
eval::EvaluationResult evaluate_run_outputs(const std::string& run_id,
                                            std::span<const eval::EvalLabel> labels,
                                            const RunEnvironment& env);

/// Several detector runs evaluated as one: the union of their evaluated units against the
/// labels at `revision` (nullopt = the latest), so micro metrics pool every unit's counts and
/// scores and macro metrics average over all units, as one run over the same units would.
struct Aggregate {
    std::vector<std::string> run_ids;  ///< full ids, in the order given
    std::int64_t revision = 0;
    eval::EvaluationResult result;
};

/// Aggregates `run_ids` (ids or unique prefixes). Throws InvalidInputError for fewer than one
/// run, a run that is not a detector run, a unit evaluated by two of the runs, or runs whose
/// evaluation options differ (they would not be measured the same way); NotFoundError for an
/// unknown run or one without stored outputs.
Aggregate aggregate_runs(std::span<const std::string> run_ids, std::optional<std::int64_t> revision,
                         const RunEnvironment& env);

/// The kind of model a stored run trained (runs from before model kinds: detector).
/// NotFoundError for an unknown run or one without stored outputs.
models::ModelKind run_kind(const std::string& run_id, const RunEnvironment& env);

/// The per-unit values of `metric` in a run's stored evaluation.json (NaN for null), for runs
/// whose metrics do not depend on the labels (forecasters). InvalidInputError when the run's
/// evaluation has no such per-unit metric, listing the ones it has.
std::map<std::string, double> stored_unit_metric(const std::string& run_id, std::string_view metric,
                                                 const RunEnvironment& env);

/// The labels of a parsed label file as evaluation labels (the file's status and confidence).
std::vector<eval::EvalLabel> eval_labels(const store::LabelFile& file);

/// Metrics whose value differs (NaN equals NaN) between two evaluation JSON documents, at
/// micro, macro and unit scope.
std::vector<MetricChange> changed_metrics(const nlohmann::json& before,
                                          const nlohmann::json& after);

}  // namespace heatloop::runner
