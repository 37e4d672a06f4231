#pragma once
/// Forecast accuracy: RMSE, MAE, MAPE and R^2 of predictions against actual values.

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <span>

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

}  // namespace heatloop::eval
