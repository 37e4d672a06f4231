#include "heatloop/models/forecasters/lstm.hpp"

namespace heatloop::models {

// The network is nn::RegressorArchitecture::lstm (src/nn/torch/sequence_regressor.cpp); everything
// else is shared with the other neural forecaster (neural_forecaster.cpp).
LstmForecaster::LstmForecaster() : NeuralForecaster(k_name, param_specs(), "lstm") {
    configure(nullptr);
}

}  // namespace heatloop::models
