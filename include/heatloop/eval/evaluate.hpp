#pragma once
/// A whole evaluation (DESIGN.md "Evaluation"): every unit, then macro averages over units
/// and micro totals, and breakdowns by label category, season, unit type, operating mode
/// and outdoor-temperature band.

#include <map>
#include <span>
#include <string>
#include <vector>

#include "heatloop/eval/unit_eval.hpp"

namespace heatloop::eval {

/// One row of a breakdown: the tally of the stratum and its metrics.
struct BreakdownRow {
    std::string key;
    Tally tally;
    Metrics metrics{};
};

/// The result of evaluate().
struct EvaluationResult {
    EvalOptions options;
    std::vector<UnitEvaluation> units;  ///< in the order given
    Metrics macro{};                    ///< mean over units of each metric (NaN skipped)
    Metrics micro{};                    ///< from the summed tallies and pooled scores
    Tally totals;                       ///< the summed tallies
    /// "category", "season", "unit_type", and, when any unit has those series, "mode" and
    /// "outdoor_temp", and, when any label has a kind, "fault_kind"; rows sorted by key.
    std::map<std::string, std::vector<BreakdownRow>> breakdowns;
    std::size_t labels_without_unit = 0;  ///< labels naming a unit that was not evaluated
};

/// Evaluates every unit against `labels` (labels of other units are counted in
/// labels_without_unit). Breakdowns:
/// - category: each category measured as if its labels were the only faults: its labels
///   (recall, delays, within deadline, confidence-weighted recall), the alarms detecting one
///   of them as true alarms, the fleet's false alarms and evaluated time (so precision and
///   F1 per category; false alarms per unit-month are the fleet's); alarms on other
///   categories' labels are ignored;
/// - fault_kind (when a label has a kind): the same by "category/kind" ("category" for
///   labels without a kind);
/// - season / mode / outdoor_temp: labels by the stratum at their start, alarms by the
///   stratum at their start, evaluated time by the stratum of each sample (so false alarms
///   per unit-month are per stratum);
/// - unit_type: the full metrics of the units of each type (micro, pooled scores).
/// Only labels of the categories the options evaluate count (evaluates_category(): by
/// default every category but events of normal use such as shower_event); the others are
/// left out as if absent.
/// Throws InvalidInputError for bad options, inconsistent unit data or two units with one id.
EvaluationResult evaluate(std::span<const UnitData> units, std::span<const EvalLabel> labels,
                          const EvalOptions& options = {});

}  // namespace heatloop::eval
