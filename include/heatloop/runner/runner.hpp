#pragma once
/// `heatloop run` and `heatloop evaluate` as library calls: train a detector on the
/// configured units and period, score, turn scores into alarms, store the outputs, evaluate
/// against the label store and log everything to the tracker; and re-evaluate a stored run
/// against another label revision without retraining.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "heatloop/eval/curve.hpp"
#include "heatloop/eval/evaluate.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/runner/run_config.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/store/label_file.hpp"
#include "heatloop/tracking/tracker.hpp"

namespace heatloop::runner {

/// Where a run reads and logs.
struct RunEnvironment {
    const io::Workspace& workspace;
    store::Db& db;  // the label store (and the tracker's database)
    tracking::Tracker& tracker;
    unsigned threads = 0;  // 0 = one per core
    bool progress = true;  // progress bars on a terminal
    /// Status lines ("fitting isolation_forest on 4 units"); default: none.
    std::function<void(const std::string&)> status;
};

/// What a run produced.
struct RunResult {
    std::string run_id;
    std::int64_t label_revision = 0;
    std::string dataset_fingerprint;
    std::vector<std::string> train_units, eval_units;
    std::size_t alarms = 0;
    eval::EvaluationResult evaluation;
    eval::DelayFalseAlarmCurve curve;
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

/// The labels of a parsed label file as evaluation labels (the file's status and confidence).
std::vector<eval::EvalLabel> eval_labels(const store::LabelFile& file);

/// Metrics whose value differs (NaN equals NaN) between two evaluation JSON documents, at
/// micro, macro and unit scope.
std::vector<MetricChange> changed_metrics(const nlohmann::json& before,
                                          const nlohmann::json& after);

}  // namespace heatloop::runner
