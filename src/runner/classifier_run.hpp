#pragma once
// A classifier run (heat-pump detection): households with a known has_heat_pump and a smart
// meter, cross-validated by household (data.split = "unit_folds").

#include "heatloop/runner/runner.hpp"

namespace heatloop::runner {

// Loads every household's meter series with its location's weather, deals the households to
// folds (seeded, stratified by target: no household in two folds), fits one classifier per
// fold on the other folds, predicts the held-out households month by month and measures
// ROC-AUC, PR-AUC, accuracy/F1 at 0.5 and the Brier score per fold and pooled, per household
// (the mean of its monthly probabilities) and per household-month. Writes model(s),
// outputs/probabilities.csv, outputs/households.csv, evaluation.json and summary.json.
// Throws InvalidInputError before the run starts for another split, scope = "unit", unknown
// households, too few households or a class with fewer households than needed.
RunResult execute_classifier_run(const RunConfig& config, const RunEnvironment& env);

}  // namespace heatloop::runner
