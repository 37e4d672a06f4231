#pragma once
/// Binary classification quality from predicted probabilities and 0/1 truth: accuracy,
/// balanced accuracy, F1, ROC-AUC, PR-AUC (average precision), Brier score and the
/// confusion matrix at a threshold.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <span>

#include "heatloop/eval/metric_field.hpp"

namespace heatloop::eval {

/// Counts at the threshold: predicted positive when probability >= threshold.
struct ConfusionMatrix {
    std::size_t tp = 0, fp = 0, tn = 0, fn = 0;
};

/// Classification metrics over the pairs with a finite probability; NaN where undefined.
struct ClassificationMetrics {
    std::size_t n = 0;       ///< pairs used
    double threshold = 0.5;  ///< the decision threshold used
    ConfusionMatrix confusion;
    double accuracy;           ///< (tp + tn) / n
    double balanced_accuracy;  ///< mean recall of the classes present in the truth
    double f1;                 ///< 2 tp / (2 tp + fp + fn); NaN when tp + fp + fn = 0
    double roc_auc;            ///< as ranking.hpp; NaN with one class
    double pr_auc;             ///< average precision, as ranking.hpp; NaN without positives
    double brier;              ///< mean((p - y)^2)
};

/// Metrics of `probability` (in [0, 1]; NaN = no prediction, skipped) against `truth` (0 or
/// 1). Throws InvalidInputError when the lengths differ, a truth value is not 0 or 1, a
/// probability is outside [0, 1] or the threshold is not finite.
ClassificationMetrics classification_metrics(std::span<const double> probability,
                                             std::span<const std::uint8_t> truth,
                                             double threshold = 0.5);

/// The classification metrics with their directions (accuracy, balanced_accuracy, f1,
/// roc_auc, pr_auc, brier).
std::span<const MetricFieldOf<ClassificationMetrics>> classification_metric_fields();

/// {"n", "threshold", "confusion": {"tp", "fp", "tn", "fn"}, and every field by name} (NaN
/// as null).
nlohmann::json to_json(const ClassificationMetrics& m);

}  // namespace heatloop::eval
