#pragma once
/// seasonal_naive: the forecast of a channel h steps ahead is its value one season earlier
/// (Hyndman & Athanasopoulos, "Forecasting: Principles and Practice", 5.2): the baseline any
/// forecaster must beat. season = "1 step" is the persistence (naive) forecast.

#include <span>
#include <string>
#include <string_view>

#include "heatloop/models/forecaster.hpp"

namespace heatloop::models {

/// Seasonal naive forecaster: y(t + h | t) = y(t + h - m * (floor((h - 1) / m) + 1)).
class SeasonalNaiveForecaster final : public Forecaster {
public:
    static constexpr std::string_view k_name = "seasonal_naive";
    static constexpr std::string_view k_summary =
        "seasonal naive baseline: the value one season (e.g. one day) earlier";
    /// The parameter table.
    static std::span<const ParamSpec> param_specs();

    SeasonalNaiveForecaster();

    std::string target() const override { return target_; }
    std::size_t horizon() const override { return horizon_; }

protected:
    void apply_params(const nlohmann::json& params) override;
    void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) override;
    Forecast do_predict(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;

private:
    std::string target_;
    std::size_t horizon_ = 1;
};

}  // namespace heatloop::models
