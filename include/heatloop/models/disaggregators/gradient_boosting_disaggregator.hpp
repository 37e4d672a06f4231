#pragma once
/// gradient_boosting_disaggregator: the baseline disaggregator (issue 14, item 3). XGBoost on
/// per-interval features of the household total around each interval (the total at every
/// offset of a centred window, the window's mean, spread, minimum and maximum, the steps into
/// and out of the interval), the outdoor temperature and the time of day, regressing the
/// component (the heat pump's load) directly; estimates clipped to [0, total].

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/models/disaggregator.hpp"

namespace heatloop::models {

namespace detail {
class XgbRegressor;
}

class GradientBoostingDisaggregator final : public Disaggregator {
public:
    static constexpr std::string_view k_name = "gradient_boosting_disaggregator";
    static constexpr std::string_view k_summary =
        "gradient boosting (XGBoost) on a centred window of the household total, outdoor "
        "temperature and time of day: the heat pump's load per interval";
    static std::span<const ParamSpec> param_specs();

    GradientBoostingDisaggregator();
    ~GradientBoostingDisaggregator() override;

    std::string total_channel() const override { return total_; }
    std::string component_channel() const override { return component_; }

protected:
    void apply_params(const nlohmann::json& params) override;
    void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) override;
    std::vector<double> do_predict(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;

private:
    std::string total_, component_, temperature_;
    int half_window_ = 8;
    int day_window_ = 96;
    int n_estimators_ = 200, max_depth_ = 6;
    double learning_rate_ = 0.1, min_child_weight_ = 20, subsample_ = 0.8;
    bool clip_ = true;
    std::int64_t step_ms_ = 0;  // the training grid: another grid is refused
    std::unique_ptr<detail::XgbRegressor> booster_;
};

}  // namespace heatloop::models
