#pragma once
/// gradient_boosting: the hot-water paper's best forecaster (LightGBM in the paper), here on
/// XGBoost with leaf-wise growth (grow_policy lossguide, hist): one booster per horizon step
/// on the shared lag/calendar features (lag_features.hpp), direct multi-step. Optionally tuned
/// by seeded random search over the paper's space with time-series cross-validation.

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/models/forecaster.hpp"
#include "heatloop/models/lag_features.hpp"

namespace heatloop::models {

namespace detail {
class XgbRegressor;
}

class GradientBoostingForecaster final : public Forecaster {
public:
    static constexpr std::string_view k_name = "gradient_boosting";
    static constexpr std::string_view k_summary =
        "gradient boosting (XGBoost, leaf-wise) on lagged tank temperatures and calendar "
        "features, one booster per horizon step, optional random search with time-series CV";
    static std::span<const ParamSpec> param_specs();

    GradientBoostingForecaster();
    ~GradientBoostingForecaster() override;

    std::string target() const override { return target_; }
    std::size_t horizon() const override { return horizon_; }

    /// The booster settings a fit chose (the given ones, or the search's best).
    struct Settings {
        int max_depth = 10;
        double learning_rate = 0.1;
        int n_estimators = 100;
        int max_leaves = 20;
        std::string booster = "gbtree";
        double min_child_weight = 20;  ///< fixed, not searched
    };
    const Settings& settings() const noexcept { return settings_; }

protected:
    void apply_params(const nlohmann::json& params) override;
    void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) override;
    Forecast do_predict(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;

private:
    std::string target_;
    std::size_t horizon_ = 1;
    LagFeatureSpec features_;
    Settings settings_;
    nlohmann::json search_;  // the search space params, as resolved
    int search_iterations_ = 0;
    int cv_folds_ = 3;
    nlohmann::json search_result_;  // what the search tried, for the model document
    std::vector<std::unique_ptr<detail::XgbRegressor>> boosters_;  // one per horizon step
};

}  // namespace heatloop::models
