#pragma once
/// bilstm_attention: the hot-water paper's attLSTM: a bidirectional LSTM reads a window of rows
/// of the shared lag/calendar features, scaled dot-product self-attention weighs its hidden
/// states, and a dense layer on their mean forecasts the target 1..horizon steps ahead at once.
/// Shared machinery: neural_forecaster.hpp. Only built with the neural layer (libtorch).

#include <span>
#include <string_view>

#include "heatloop/models/neural_forecaster.hpp"

namespace heatloop::models {

class BilstmAttentionForecaster final : public NeuralForecaster {
public:
    static constexpr std::string_view k_name = "bilstm_attention";
    static constexpr std::string_view k_summary =
        "bidirectional LSTM with self-attention over the window (the hot-water paper's attLSTM) on "
        "lagged tank temperatures and calendar features, all horizon steps at once";
    /// The parameter table (the neural forecasters').
    static std::span<const ParamSpec> param_specs() { return neural_forecaster_param_specs(); }

    BilstmAttentionForecaster();
};

}  // namespace heatloop::models
