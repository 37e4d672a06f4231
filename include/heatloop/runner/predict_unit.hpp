#pragma once
/// The per-unit step of a run: a plain function of (saved model document, one unit's frame),
/// so a fan-out over processes or machines can call it anywhere. The runner calls the same
/// function on every unit.

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/models/classifier.hpp"
#include "heatloop/models/detector.hpp"
#include "heatloop/models/forecaster.hpp"
#include "heatloop/models/model.hpp"

namespace heatloop::runner {

/// What a model of any kind makes of one unit; the member of its kind is filled.
struct UnitPrediction {
    models::ModelKind kind = models::ModelKind::detector;
    std::vector<double> scores;                        ///< detector: a score per row
    std::vector<models::ScoreChannel> score_channels;  ///< detector: its extra score channels
    models::Forecast forecast;                         ///< forecaster: horizon() rows of forecasts
    std::vector<double> component;  ///< disaggregator: the estimated component per row
    std::vector<models::PeriodProbability> probabilities;  ///< classifier
};

/// Predicts `unit` with a fitted model.
UnitPrediction predict_unit(const models::Model& model, const UnitFrame& unit);

/// Loads the model from its document (and side file) and predicts `unit` with `ctx`'s threads.
/// Throws InvalidInputError for a malformed document, and whatever the model throws for the
/// unit (e.g. a missing channel, naming it).
UnitPrediction predict_unit(const nlohmann::json& model_doc, std::string_view side_file,
                            const UnitFrame& unit, const models::ModelContext& ctx);

}  // namespace heatloop::runner
