#pragma once
/// gradient_boosting_classifier: heat-pump detection by gradient boosting (XGBoost,
/// binary:logistic) on a household's monthly load-shape and weather-response features
/// (load_features.hpp); a probability per calendar month.

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "heatloop/models/classifier.hpp"
#include "heatloop/models/classifiers/load_features.hpp"

namespace heatloop::models {

namespace detail {
class XgbRegressor;
}

class GradientBoostingClassifier final : public Classifier {
public:
    static constexpr std::string_view k_name = "gradient_boosting_classifier";
    static constexpr std::string_view k_summary =
        "gradient boosting (XGBoost, logistic) on monthly load-shape and weather-response "
        "features of a household's meter: a probability per month";
    static std::span<const ParamSpec> param_specs();

    GradientBoostingClassifier();
    ~GradientBoostingClassifier() override;

protected:
    void apply_params(const nlohmann::json& params) override;
    void do_fit(std::span<const UnitFrame> units, std::span<const double> targets,
                const ModelContext& ctx) override;
    std::vector<PeriodProbability> do_predict(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;

private:
    LoadFeatureOptions features_;
    int n_estimators_ = 200;
    int max_depth_ = 4;
    double learning_rate_ = 0.05;
    double min_child_weight_ = 1;
    double subsample_ = 0.8;
    std::unique_ptr<detail::XgbRegressor> booster_;
};

}  // namespace heatloop::models
