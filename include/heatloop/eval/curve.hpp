#pragma once
/// The delay-versus-false-alarm curve: sweep the alarm threshold over quantiles of the
/// scores, apply the same policy (merge gap, minimum duration, dedupe window) at each, and
/// record how fast and how often the fleet would be alarmed, with the run's own alarms
/// marked as the operating point.

#include <span>
#include <vector>

#include "heatloop/alarms/policy.hpp"
#include "heatloop/eval/inputs.hpp"
#include "heatloop/eval/options.hpp"

namespace heatloop::eval {

/// One threshold's fleet-wide (micro) outcome.
struct CurvePoint {
    double quantile = 0.0;   ///< of the pooled scores; NaN for the operating point
    double threshold = 0.0;  ///< NaN for an operating point with per-unit thresholds
    std::size_t alarms = 0;  ///< alarms raised (true, false and ignored)
    double median_delay_h = 0.0;
    double detected_within_deadline = 0.0;
    double false_alarms_per_unit_month = 0.0;
    double event_recall = 0.0;
    double event_precision = 0.0;
};

/// The swept points (by increasing quantile) and the operating point.
struct DelayFalseAlarmCurve {
    std::vector<CurvePoint> points;
    CurvePoint operating_point;
};

/// 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999.
std::vector<double> default_curve_quantiles();

/// The curve over thresholds = numpy quantiles of every unit's finite scores pooled. The
/// operating point is the units' own alarms (threshold = the policy's value when it is
/// fixed, else NaN). Throws InvalidInputError for a quantile outside [0, 1], bad options or
/// policy, or inconsistent unit data.
DelayFalseAlarmCurve delay_false_alarm_curve(std::span<const UnitData> units,
                                             std::span<const EvalLabel> labels,
                                             const alarms::AlarmPolicy& policy,
                                             const EvalOptions& options,
                                             std::span<const double> quantiles);

}  // namespace heatloop::eval
