#pragma once
// What the steps of a run share once it is planned and its models are fitted: the finishing
// step of each model kind (detector_run.cpp, forecast_run.cpp) reads it.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "heatloop/models/model.hpp"
#include "heatloop/runner/runner.hpp"
#include "runner/run_labels.hpp"
#include "runner/split.hpp"

namespace heatloop::runner {

struct RunState {
    const RunConfig& config;
    const RunEnvironment& env;
    const RunLabels& labels;
    std::vector<std::string> unit_ids;
    std::vector<UnitFrame> frames;  // whole units, in unit_ids order
    RunPlan plan;
    // Fitted models, one per plan.models entry, each reloaded from its saved document so
    // that what is evaluated is what is stored.
    std::vector<std::unique_ptr<models::Model>> models;
    std::vector<double> fit_seconds;  // wall time of each model's fit, in models' order
    std::filesystem::path scratch;    // the run's artifact directory before it is logged
    int threads = 1;
};

// Writes `j` to `file` (pretty-printed); IoError when it cannot.
void write_json(const std::filesystem::path& file, const nlohmann::json& j);

// Scores, thresholds (calibrated per model), alarms, outputs/, alarms.json, evaluation and
// curve; fills result.alarms, evaluation, curve; returns the summary's model-kind part
// ({"threshold", "units": [...], "models": [...]}) and logs the metrics.
nlohmann::json finish_detector_run(RunState& s, tracking::RunLogger& run, RunResult& result);

// Forecasts of every evaluated unit, outputs/ (actual and forecast per step), forecast
// metrics per unit, per horizon step and pooled (evaluation.json); fills
// result.evaluation_json; returns the summary's model-kind part and logs the metrics.
nlohmann::json finish_forecast_run(RunState& s, tracking::RunLogger& run, RunResult& result);

// Estimates of every evaluated unit (a meter), outputs/ (total, truth and estimate),
// disaggregation metrics in kWh per interval per unit and pooled (evaluation.json); fills
// result.evaluation_json; returns the summary's model-kind part and logs the metrics.
nlohmann::json finish_disaggregation_run(RunState& s, tracking::RunLogger& run, RunResult& result);

}  // namespace heatloop::runner
