#include "heatloop/runner/predict_unit.hpp"

#include "heatloop/models/registry.hpp"

namespace heatloop::runner {

UnitPrediction predict_unit(const models::Model& model, const UnitFrame& unit) {
    UnitPrediction p;
    p.kind = model.kind();
    switch (model.kind()) {
        case models::ModelKind::detector: {
            models::DetectorOutput out =
                static_cast<const models::Detector&>(model).score_with_channels(unit);
            p.scores = std::move(out.score);
            p.score_channels = std::move(out.channels);
            break;
        }
        case models::ModelKind::forecaster:
            p.forecast = static_cast<const models::Forecaster&>(model).predict(unit);
            break;
        case models::ModelKind::classifier:
            p.probabilities = static_cast<const models::Classifier&>(model).predict(unit);
            break;
        case models::ModelKind::disaggregator:
            p.component = static_cast<const models::Disaggregator&>(model).predict(unit);
            break;
    }
    return p;
}

UnitPrediction predict_unit(const nlohmann::json& model_doc, std::string_view side_file,
                            const UnitFrame& unit, const models::ModelContext& ctx) {
    auto model = models::load_model(model_doc, side_file);
    model->set_context(ctx);
    return predict_unit(*model, unit);
}

}  // namespace heatloop::runner
