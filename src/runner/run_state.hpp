#pragma once
// What the steps of a run share once it is planned and its models are fitted: the finishing
// step of each model kind (detector_run.cpp, forecast_run.cpp) reads it.

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "heatloop/models/model.hpp"
#include "heatloop/runner/predict_unit.hpp"
#include "heatloop/runner/runner.hpp"
#include "runner/run_labels.hpp"
#include "runner/split.hpp"

namespace heatloop::runner {

// A model fitted and saved: its document, side file and fit time.
struct SavedModel {
    nlohmann::json doc;
    std::string side;
    double fit_seconds = 0.0;
};

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
    // Predictions made elsewhere (a fan-out, fan_out.hpp), by (model, unit index); taken by
    // unit_prediction().
    std::map<std::pair<std::size_t, std::size_t>, UnitPrediction> predictions;
    // The saved documents of the models fitted here, shipped to a fan-out (empty without one).
    std::vector<SavedModel> saved_models;
};

// Unit `i` predicted by model `m`: the fan-out's prediction when there is one (taken out of
// s.predictions), else predicted here.
UnitPrediction unit_prediction(RunState& s, std::size_t m, std::size_t i);

class ChannelDeriver;

// A unit as a run reads it: a household's meters for disaggregators, else the unit with
// weather, its attributes and the channels `deriver` derives ([data] derive; may be null).
UnitFrame load_run_frame(const io::Workspace& ws, const std::string& id, models::ModelKind kind,
                         const ChannelDeriver* deriver);

// A new model `name` with `params` from `source`, fitted on `train` and saved.
SavedModel fit_saved_model(const ModelSource& source, const std::string& name,
                           const nlohmann::json& params, std::span<const UnitFrame> train,
                           const models::ModelContext& ctx);

// Fits (scope = "unit") and predicts on `fan_out` what the finishing step needs: every
// evaluated unit by its model, and for detectors every training unit by the models it trains
// (their thresholds). Fills s.predictions; with `fit`, calls `store(m, model, masked_rows)`
// for each model in plan order.
void fan_out_predictions(
    RunState& s, const FanOut& fan_out, bool fit,
    const std::function<void(std::size_t, const SavedModel&, std::size_t)>& store);

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
