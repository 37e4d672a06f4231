#pragma once
/// Evaluating one unit: split its labels, match its alarms, and count everything the
/// metrics need.

#include <span>
#include <string>

#include "heatloop/eval/ground_truth.hpp"
#include "heatloop/eval/metrics.hpp"

namespace heatloop::eval {

/// One unit's evaluation, with the intermediate results breakdowns and reports reuse.
struct UnitEvaluation {
    std::string unit_id;
    std::string unit_type;
    UnitTruth truth;
    EventMatch match;
    PointMasks masks;
    Duration step = 0;  ///< the step the evaluated time was counted with
    Tally tally;
    Metrics metrics{};
};

/// Evaluates `unit` against the labels of its unit_id in `labels`:
/// - event-wise: match_events with options.tolerance; false alarms per unit-month over the
///   evaluated time (evaluated samples * step);
/// - point-wise, ROC-AUC, PR-AUC: over evaluated samples (finite score, not ignored);
/// - VUS-ROC, VUS-PR (TSB-AD defaults, see vus.hpp) and affiliation precision/recall
///   (truth runs against alarmed runs): over the evaluated samples in time order, the others
///   cut out (so a gap or ignore region joins its neighbours);
/// - range-based and NAB: over all samples, ground truth = the truth mask, prediction =
///   alarmed samples that are not ignored; NAB detections = the first sample of each alarm
///   (the moment it is raised).
/// Throws InvalidInputError for inconsistent unit data (see check()) or bad options.
UnitEvaluation evaluate_unit(const UnitData& unit, std::span<const EvalLabel> labels,
                             const EvalOptions& options);

}  // namespace heatloop::eval
