#include "heatloop/models/forecasters/bilstm_attention.hpp"

namespace heatloop::models {

// The network is nn::RegressorArchitecture::bilstm_attention (src/nn/torch/sequence_regressor.cpp);
// everything else is shared with the other neural forecaster (neural_forecaster.cpp).
BilstmAttentionForecaster::BilstmAttentionForecaster()
    : NeuralForecaster(k_name, param_specs(), "bilstm_attention") {
    configure(nullptr);
}

}  // namespace heatloop::models
