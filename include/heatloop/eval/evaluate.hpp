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
    /// "outdoor_temp"; rows sorted by key.
    std::map<std::string, std::vector<BreakdownRow>> breakdowns;
    std::size_t labels_without_unit = 0;  ///< labels naming a unit that was not evaluated
};

/// Evaluates every unit against `labels` (labels of other units are counted in
/// labels_without_unit). Breakdowns:
/// - category: labels by category (label metrics only: recall, delays, within deadline,
///   confidence-weighted recall);
/// - season / mode / outdoor_temp: labels by the stratum at their start, alarms by the
///   stratum at their start, evaluated time by the stratum of each sample (so false alarms
///   per unit-month are per stratum);
/// - unit_type: the full metrics of the units of each type (micro, pooled scores).
/// Throws InvalidInputError for bad options, inconsistent unit data or two units with one id.
EvaluationResult evaluate(std::span<const UnitData> units, std::span<const EvalLabel> labels,
                          const EvalOptions& options = {});

}  // namespace heatloop::eval
