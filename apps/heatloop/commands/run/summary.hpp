#pragma once
// Printing evaluations for `run`, `evaluate` and `demo`: the headline metrics of a result.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "heatloop/eval/evaluate.hpp"

namespace heatloop::cli {

// A metric shown in summaries, with its column header.
struct HeadlineMetric {
    std::string name;    // the metric's key (docs/evaluation.md)
    std::string header;  // short column header
};

// The headline metrics, in the order tables show them.
const std::vector<HeadlineMetric>& headline_metrics();

// "event_f1 0.75  recall 0.9 ..." block: micro and macro rows of the headline metrics.
void print_evaluation(const eval::EvaluationResult& e);

// "rmse 0.42  mae ..." rows (micro = pooled, macro = mean over units, then per horizon step)
// of a forecaster run's evaluation.json.
void print_forecast_evaluation(const nlohmann::json& evaluation);

// A metric value for tables ("-" for NaN).
std::string format_metric(double v);

}  // namespace heatloop::cli
