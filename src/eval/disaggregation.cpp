#include "heatloop/eval/disaggregation.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/forecast.hpp"

namespace heatloop::eval {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

constexpr MetricFieldOf<DisaggregationMetrics> k_fields[] = {
    {"mae", &DisaggregationMetrics::mae, false, "mean absolute error"},
    {"rmse", &DisaggregationMetrics::rmse, false, "root mean squared error"},
    {"r2", &DisaggregationMetrics::r2, true, "coefficient of determination"},
    {"nde", &DisaggregationMetrics::nde, false,
     "normalized disaggregation error: sqrt(sum (y - yhat)^2 / sum y^2)"},
    {"sae", &DisaggregationMetrics::sae, false,
     "signal aggregate error: |sum yhat - sum y| / sum y"},
};

}  // namespace

DisaggregationMetrics disaggregation_metrics(std::span<const double> y,
                                             std::span<const double> yhat) {
    if (y.size() != yhat.size())
        throw InvalidInputError(fmt::format(
            "disaggregation metrics: {} true values but {} estimates", y.size(), yhat.size()));
    // MAE, RMSE and R^2 are the forecast definitions over the same pairs.
    const ForecastMetrics f = forecast_metrics(y, yhat);
    DisaggregationMetrics m{f.n, f.mae, f.rmse, f.r2, k_nan, k_nan};
    double se = 0, sq = 0, sum_y = 0, sum_yhat = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (!std::isfinite(y[i]) || !std::isfinite(yhat[i])) continue;
        se += (y[i] - yhat[i]) * (y[i] - yhat[i]);
        sq += y[i] * y[i];
        sum_y += y[i];
        sum_yhat += yhat[i];
    }
    if (sq > 0) m.nde = std::sqrt(se / sq);
    if (sum_y != 0) m.sae = std::fabs(sum_yhat - sum_y) / std::fabs(sum_y);
    return m;
}

std::span<const MetricFieldOf<DisaggregationMetrics>> disaggregation_metric_fields() {
    return k_fields;
}

nlohmann::json to_json(const DisaggregationMetrics& m) {
    nlohmann::json j = {{"n", m.n}};
    for (const auto& f : k_fields) {
        const double v = m.*f.member;
        j[std::string(f.name)] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
    }
    return j;
}

}  // namespace heatloop::eval
