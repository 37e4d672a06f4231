#pragma once
/// Forecast accuracy: RMSE, MAE, MAPE and R^2 of predictions against actual values, overall
/// and per horizon step.

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <vector>

#include "heatloop/eval/metric_field.hpp"

namespace heatloop::eval {

/// Accuracy over the pairs where both values are finite.
struct ForecastMetrics {
    std::size_t n = 0;             ///< pairs used
    double rmse = 0.0;             ///< sqrt(mean((y - yhat)^2))
    double mae = 0.0;              ///< mean(|y - yhat|)
    double mape = 0.0;             ///< 100 * mean(|y - yhat| / |y|) over pairs with y != 0
    std::size_t mape_skipped = 0;  ///< pairs left out of MAPE because y == 0
    double r2 = 0.0;  ///< 1 - SS_res / SS_tot (SS_tot around the mean of y); NaN if SS_tot = 0
};

/// Throws InvalidInputError when the lengths differ. Metrics are NaN without a pair (MAPE
/// also without a non-zero actual value).
ForecastMetrics forecast_metrics(std::span<const double> actual, std::span<const double> predicted);

/// {"n", "rmse", "mae", "mape", "mape_skipped", "r2"} (NaN as null).
nlohmann::json to_json(const ForecastMetrics& m);

/// The forecast metrics (rmse, mae, mape, r2) with their directions.
std::span<const MetricFieldOf<ForecastMetrics>> forecast_metric_fields();

/// Accuracy of a multi-step forecast, per horizon step and pooled over all steps.
struct ForecastByStep {
    std::vector<ForecastMetrics> steps;  ///< steps[h]: forecasts h + 1 steps ahead
    ForecastMetrics pooled;              ///< every (actual, forecast) pair of every step
};

/// `predicted_by_step[h][t]` is the forecast of `actual[t]` made h + 1 steps before t (NaN
/// where there is none, e.g. the first h + 1 samples); each step is scored with
/// forecast_metrics, and all pairs of all steps together give `pooled` (so the pooled RMSE
/// is the root of the pair-weighted mean of the steps' squared errors). Throws
/// InvalidInputError when a step's length differs from actual's, naming the step.
ForecastByStep forecast_metrics_by_step(std::span<const double> actual,
                                        std::span<const std::vector<double>> predicted_by_step);

/// {"steps": [{"step": 1, "n", "rmse", ...}, ...], "pooled": {...}}.
nlohmann::json to_json(const ForecastByStep& m);

}  // namespace heatloop::eval
