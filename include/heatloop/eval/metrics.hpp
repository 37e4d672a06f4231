#pragma once
/// The additive counts of an evaluation (a Tally: per unit, per group of units, per stratum)
/// and the metrics derived from them, with their stable names.

#include <array>
#include <cstddef>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "heatloop/eval/affiliation.hpp"
#include "heatloop/eval/event_match.hpp"
#include "heatloop/eval/metric_field.hpp"
#include "heatloop/eval/nab.hpp"
#include "heatloop/eval/range_based.hpp"

namespace heatloop::eval {

/// Length of the month in "false alarms per unit-month": 365.2425 / 12 days.
inline constexpr double k_month_ms = 365.2425 / 12.0 * 86'400'000.0;

/// Counts that add up over units (micro totals) and strata.
struct Tally {
    std::size_t labels = 0;           ///< counted ground-truth labels
    std::size_t detected = 0;         ///< of them, detected
    std::size_t within_deadline = 0;  ///< of them, detected with delay <= deadline
    std::vector<double> delays_h;     ///< delay of each detected label, hours
    double weight_total = 0.0;        ///< sum of confidences of weighted labels
    double weight_detected = 0.0;     ///< of them, detected
    std::size_t true_alarms = 0;
    std::size_t false_alarms = 0;
    std::size_t ignored_alarms = 0;
    double evaluated_ms = 0.0;                   ///< evaluated (scored, not ignored) time
    std::size_t tp = 0, fp = 0, tn = 0, fn = 0;  ///< point-wise, over evaluated samples
    RangeSums range{};
    std::array<NabSums, 3> nab{};   ///< by k_nab_profiles
    AffiliationSums affiliation{};  ///< over evaluated samples
    Tally& operator+=(const Tally& o);

    /// Adds one ground-truth label's outcome (deadline decides within_deadline).
    void add_truth(const LabelOutcome& o, Duration deadline);
    /// Adds one weighted label's outcome (confidence-weighted recall).
    void add_weighted(const LabelOutcome& o);
    /// Adds one alarm's outcome.
    void add_alarm(AlarmOutcome o);
};

/// Metrics derived from a Tally; NaN where undefined (see docs/evaluation.md).
struct Metrics {
    double event_precision, event_recall, event_f1;
    double delay_mean_h, delay_median_h, delay_p90_h, detected_within_deadline;
    double false_alarms_per_unit_month;
    double point_fpr, point_precision, point_recall, point_f1;
    double roc_auc, pr_auc;
    double range_precision, range_recall, range_f1;
    double nab_standard, nab_reward_low_fp_rate, nab_reward_low_fn_rate;
    double confidence_weighted_recall;
    double vus_roc, vus_pr;  ///< per unit only: NaN in micro totals and breakdowns
    double affiliation_precision, affiliation_recall;
};

/// One detector metric's stable name (the JSON key), member, direction and description.
using MetricField = MetricFieldOf<Metrics>;

/// Every metric, in the order results list them.
std::span<const MetricField> metric_fields();

/// The field of that name; throws InvalidInputError listing the valid names.
const MetricField& find_metric(std::string_view name);

/// F1 of a precision and a recall: 0 when either is 0, NaN when either is otherwise
/// undefined, else the harmonic mean.
double f1_of(double precision, double recall);

/// The metrics of a tally; ROC-AUC, PR-AUC, VUS-ROC and VUS-PR come from the caller (they
/// need the scores; VUS is NaN when not given).
Metrics metrics_of(const Tally& tally, double roc_auc, double pr_auc,
                   double vus_roc = std::numeric_limits<double>::quiet_NaN(),
                   double vus_pr = std::numeric_limits<double>::quiet_NaN());

/// The mean of each metric over `per_unit`, skipping NaN (NaN when all are).
Metrics macro_average(std::span<const Metrics> per_unit);

}  // namespace heatloop::eval
