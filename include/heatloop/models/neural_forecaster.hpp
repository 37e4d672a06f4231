#pragma once
/// What the neural forecasters (`lstm`, `bilstm_attention`) share: a sequence regressor
/// (heatloop::nn, libtorch) reads a window of rows of the shared lag/calendar features
/// (lag_features.hpp, each row's features as of that row) and forecasts the target 1..horizon
/// rows after the window's last row at once (direct multi-step). The parameter table, feature
/// assembly, training, the model document and the weights (the binary side file) live here;
/// each forecaster names its network. Only built with the neural layer (HEATLOOP_WITH_TORCH);
/// torch stays out of this header.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "heatloop/models/forecaster.hpp"
#include "heatloop/models/lag_features.hpp"

namespace heatloop::nn {
class SequenceRegressor;
}

namespace heatloop::models {

/// The parameter table of every neural forecaster (target, horizon, window, network size,
/// training, then lag_feature_param_specs()).
std::span<const ParamSpec> neural_forecaster_param_specs();

/// Base of the neural forecasters.
class NeuralForecaster : public Forecaster {
public:
    ~NeuralForecaster() override;

    std::string target() const override { return target_; }
    std::size_t horizon() const override { return horizon_; }
    /// What the last fit() did: epochs, best epoch, losses per epoch (MAE, standardised),
    /// windows, seconds, seconds per epoch.
    const nlohmann::json& training_report() const noexcept { return report_; }

protected:
    /// `architecture`: the network's name in nn::parse_regressor_architecture().
    NeuralForecaster(std::string_view name, std::span<const ParamSpec> specs,
                     std::string_view architecture);

    void apply_params(const nlohmann::json& params) override;
    void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) override;
    Forecast do_predict(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;
    std::string save_binary() const override;
    void load_binary(std::string_view bytes) override;

private:
    void make_net();

    std::string architecture_;
    // parameters
    std::string target_;
    std::size_t horizon_ = 1;
    LagFeatureSpec features_;
    int hidden_ = 50, epochs_ = 50, patience_ = 5, batch_size_ = 72, max_windows_ = 0;
    double learning_rate_ = 1e-3, validation_fraction_ = 0.15;
    std::uint64_t seed_ = 0;
    // learned state
    std::size_t feature_count_ = 0;
    int window_rows_ = 0;
    std::int64_t step_ms_ = 0;
    nlohmann::json report_;
    std::unique_ptr<nn::SequenceRegressor> net_;
};

}  // namespace heatloop::models
