#pragma once
/// predicted_vs_actual: the thesis's machine-learning algorithm. XGBoost (hist, lossguide)
/// learns the trailing-window mean of a target channel (compressor_power by default) from
/// weather, calendar and other channels on normal operation; the residual (predicted -
/// actual, or its magnitude) is scored against the training residuals:
/// score = (r - median) / (quantile - median), so > 1 means beyond the training quantile.

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/models/detector.hpp"

namespace heatloop::models {

namespace detail {
class XgbRegressor;
}

/// Consumption-prediction residual detector.
class PredictedVsActualDetector final : public Detector {
public:
    static constexpr std::string_view k_name = "predicted_vs_actual";
    static constexpr std::string_view k_summary =
        "XGBoost prediction of consumption from weather and calendar; residual vs training";
    /// The parameter table.
    static std::span<const ParamSpec> param_specs();

    PredictedVsActualDetector();
    ~PredictedVsActualDetector() override;

    /// Feature names in matrix column order.
    std::vector<std::string> feature_names() const;
    /// The model's prediction of the smoothed target for every row (NaN-free).
    std::vector<double> predict(const UnitFrame& unit) const;
    /// The smoothed target (trailing mean over window_minutes) the model learns.
    std::vector<double> smoothed_target(const UnitFrame& unit) const;

protected:
    bool needs_rows(std::string_view name) const override;
    void apply_params(const nlohmann::json& params) override;
    void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) override;
    std::vector<double> do_score(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;

private:
    std::string param_text(const char* name) const;  // a string parameter as given
    std::vector<float> features(const UnitFrame& unit) const;
    double residual(double predicted, double actual) const;

    std::string target_;
    std::vector<std::string> channels_;
    bool calendar_ = true;
    bool history_ = false;  // target_history > 0
    bool two_sided_ = false;
    bool relative_ = false;
    double relative_floor_ = 0.2;
    double quantile_ = 0.99;
    int rounds_ = 100;
    int max_leaves_ = 31;
    double learning_rate_ = 0.1;
    int fit_stride_ = 5;
    double residual_median_ = 0;
    double residual_scale_ = 1;
    std::unique_ptr<detail::XgbRegressor> booster_;
};

}  // namespace heatloop::models
