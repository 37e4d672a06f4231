#pragma once
/// Disaggregation quality: how well an estimated component series (e.g. the heat pump's
/// share of a household's smart-meter power) matches the true one. MAE, RMSE, R^2 and the
/// two NILM metrics of Kelly & Knottenbelt / Batra et al. (NILMTK): normalized
/// disaggregation error and signal aggregate error.

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <span>

#include "heatloop/eval/metric_field.hpp"

namespace heatloop::eval {

/// Disaggregation metrics over the pairs where both values are finite; NaN where undefined.
struct DisaggregationMetrics {
    std::size_t n = 0;  ///< pairs used
    double mae;         ///< mean(|y - yhat|)
    double rmse;        ///< sqrt(mean((y - yhat)^2))
    double r2;          ///< 1 - SS_res / SS_tot; NaN when y is constant
    double nde;         ///< sqrt(sum (y - yhat)^2 / sum y^2); NaN when sum y^2 = 0
    double sae;         ///< |sum yhat - sum y| / |sum y|; NaN when sum y = 0
};

/// Metrics of `estimate` against `truth`. Throws InvalidInputError when the lengths differ.
DisaggregationMetrics disaggregation_metrics(std::span<const double> truth,
                                             std::span<const double> estimate);

/// The disaggregation metrics (mae, rmse, r2, nde, sae) with their directions.
std::span<const MetricFieldOf<DisaggregationMetrics>> disaggregation_metric_fields();

/// {"n", "mae", "rmse", "r2", "nde", "sae"} (NaN as null).
nlohmann::json to_json(const DisaggregationMetrics& m);

}  // namespace heatloop::eval
