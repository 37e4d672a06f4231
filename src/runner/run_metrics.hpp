#pragma once
// What a run logs to the tracker: its params, and the metrics of an evaluation.

#include <cstdint>
#include <string>
#include <vector>

#include "heatloop/eval/evaluate.hpp"
#include "heatloop/runner/run_config.hpp"
#include "heatloop/runner/runner.hpp"
#include "heatloop/tracking/tracker.hpp"

namespace heatloop::runner {

// detector, model.<param> (every param in force), data.*, alarms.*, evaluation.*, seed, units,
// masked rows.
void log_run_params(tracking::RunLogger& run, const RunConfig& config,
                    const nlohmann::json& model_params, const std::vector<std::string>& units,
                    const RunResult& result, std::size_t masked_rows);

// The metrics of `e` with step = label revision: "micro/<metric>" and "macro/<metric>" for
// the fleet, and "<metric>" per unit (unit dimension) when `per_unit`.
std::vector<tracking::Metric> evaluation_metrics(const eval::EvaluationResult& e,
                                                 std::int64_t revision, bool per_unit,
                                                 Timestamp now);

// evaluation_metrics logged into a running run.
void log_evaluation_metrics(tracking::RunLogger& run, const eval::EvaluationResult& e,
                            std::int64_t revision, bool per_unit);

}  // namespace heatloop::runner
