#pragma once
/// JSON of evaluation results, with stable key names so runs can store them and later be
/// compared (per_unit_metric reads them back). Undefined metrics (NaN) are null.

#include <nlohmann/json_fwd.hpp>

#include "heatloop/eval/compare.hpp"
#include "heatloop/eval/curve.hpp"
#include "heatloop/eval/evaluate.hpp"

namespace heatloop::eval {

/// Version of the evaluation document layout (bumped when keys change meaning).
inline constexpr int k_evaluation_format = 1;

/// Every metric of metric_fields() by name.
nlohmann::json to_json(const Metrics& metrics);

/// The counts of a tally: labels, detected, within_deadline, true_alarms, false_alarms,
/// ignored_alarms, evaluated_months, tp, fp, tn, fn, real_ranges, predicted_ranges.
nlohmann::json to_json(const Tally& tally);

/// {"format_version", "options", "units": [{"unit_id", "unit_type", "counts", "metrics"}],
///  "macro", "micro", "totals", "breakdowns": {name: [{"key", "counts", "metrics"}]},
///  "labels_without_unit"}. Breakdown rows list the metrics their stratum defines: label
///  metrics for categories, plus alarm metrics for time strata, all metrics for unit types.
nlohmann::json to_json(const EvaluationResult& result);

/// {"points": [...], "operating_point": {...}}; each point has quantile, threshold, alarms,
/// median_delay_h, detected_within_deadline, false_alarms_per_unit_month, event_recall,
/// event_precision.
nlohmann::json to_json(const DelayFalseAlarmCurve& curve);

/// {"metric", "higher_is_better", "units": [{"unit_id", "baseline", "candidate", "delta"}],
///  "improved", "worse", "unchanged", "only_in_baseline", "only_in_candidate", "undefined",
///  "mean_delta", "median_delta", "wilcoxon": {"n", "zeros", "w_plus", "w_minus", "p_value",
///  "exact"}, "bootstrap": {"seed", "samples", "confidence", "ci_low", "ci_high"}}
nlohmann::json to_json(const PairedComparison& comparison);

}  // namespace heatloop::eval
