#pragma once
/// lstm: the hot-water paper's LSTM forecaster: an LSTM layer reads a window of rows of the
/// shared lag/calendar features and a dense layer on its last hidden state forecasts the target
/// 1..horizon steps ahead at once (50 units, Adam, MAE loss, batch 72, early stopping).
/// Shared machinery: neural_forecaster.hpp. Only built with the neural layer (libtorch).

#include <span>
#include <string_view>

#include "heatloop/models/neural_forecaster.hpp"

namespace heatloop::models {

class LstmForecaster final : public NeuralForecaster {
public:
    static constexpr std::string_view k_name = "lstm";
    static constexpr std::string_view k_summary =
        "LSTM (the hot-water paper's: 50 units, Adam, MAE loss, batch 72) over a window of lagged "
        "tank temperatures and calendar features, all horizon steps at once";
    /// The parameter table (the neural forecasters').
    static std::span<const ParamSpec> param_specs() { return neural_forecaster_param_specs(); }

    LstmForecaster();
};

}  // namespace heatloop::models
