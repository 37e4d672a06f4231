#pragma once
/// Threshold-free quality of anomaly scores against point labels: ROC-AUC and PR-AUC
/// (average precision), with tied scores handled as scikit-learn does.

#include <cstdint>
#include <span>

namespace heatloop::eval {

/// Area under the ROC curve: the probability that a random positive scores above a random
/// negative, ties counting one half (Mann-Whitney U with average ranks; equals
/// sklearn.metrics.roc_auc_score). NaN scores are skipped; NaN when either class is empty.
double roc_auc(std::span<const double> scores, std::span<const std::uint8_t> positive);

/// Average precision: sum over distinct score thresholds (descending) of
/// (recall_k - recall_{k-1}) * precision_k, tied scores entering together (equals
/// sklearn.metrics.average_precision_score). NaN scores are skipped; NaN without positives.
double average_precision(std::span<const double> scores, std::span<const std::uint8_t> positive);

}  // namespace heatloop::eval
