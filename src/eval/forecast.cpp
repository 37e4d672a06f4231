#include "heatloop/eval/forecast.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "heatloop/core/error.hpp"

namespace heatloop::eval {

namespace {
nlohmann::json number_or_null(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nullptr;
}

constexpr MetricFieldOf<ForecastMetrics> k_fields[] = {
    {"rmse", &ForecastMetrics::rmse, false, "root mean squared error"},
    {"mae", &ForecastMetrics::mae, false, "mean absolute error"},
    {"mape", &ForecastMetrics::mape, false,
     "mean absolute percentage error, % (pairs with a zero actual value left out)"},
    {"r2", &ForecastMetrics::r2, true, "coefficient of determination"},
};
}  // namespace

ForecastMetrics forecast_metrics(std::span<const double> y, std::span<const double> yhat) {
    if (y.size() != yhat.size())
        throw InvalidInputError(fmt::format("forecast metrics: {} actual values but {} predictions",
                                            y.size(), yhat.size()));
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    ForecastMetrics m;
    double se = 0, ae = 0, ape = 0, sum_y = 0;
    std::size_t n_ape = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (!std::isfinite(y[i]) || !std::isfinite(yhat[i])) continue;
        const double e = y[i] - yhat[i];
        ++m.n;
        se += e * e;
        ae += std::fabs(e);
        sum_y += y[i];
        if (y[i] != 0.0)
            ape += std::fabs(e / y[i]), ++n_ape;
        else
            ++m.mape_skipped;
    }
    if (m.n == 0) {
        m.rmse = m.mae = m.mape = m.r2 = nan;
        return m;
    }
    const double n = static_cast<double>(m.n);
    m.rmse = std::sqrt(se / n);
    m.mae = ae / n;
    m.mape = n_ape > 0 ? 100.0 * ape / static_cast<double>(n_ape) : nan;
    const double mean_y = sum_y / n;
    double ss_tot = 0;
    for (std::size_t i = 0; i < y.size(); ++i)
        if (std::isfinite(y[i]) && std::isfinite(yhat[i]))
            ss_tot += (y[i] - mean_y) * (y[i] - mean_y);
    m.r2 = ss_tot > 0 ? 1.0 - se / ss_tot : nan;
    return m;
}

nlohmann::json to_json(const ForecastMetrics& m) {
    return {{"n", m.n},
            {"rmse", number_or_null(m.rmse)},
            {"mae", number_or_null(m.mae)},
            {"mape", number_or_null(m.mape)},
            {"mape_skipped", m.mape_skipped},
            {"r2", number_or_null(m.r2)}};
}

std::span<const MetricFieldOf<ForecastMetrics>> forecast_metric_fields() {
    return k_fields;
}

ForecastByStep forecast_metrics_by_step(std::span<const double> y,
                                        std::span<const std::vector<double>> by_step) {
    ForecastByStep out;
    std::vector<double> all_y, all_yhat;
    for (std::size_t h = 0; h < by_step.size(); ++h) {
        if (by_step[h].size() != y.size())
            throw InvalidInputError(
                fmt::format("forecast metrics: step {} has {} predictions but there are {} "
                            "actual values",
                            h + 1, by_step[h].size(), y.size()));
        out.steps.push_back(forecast_metrics(y, by_step[h]));
        all_y.insert(all_y.end(), y.begin(), y.end());
        all_yhat.insert(all_yhat.end(), by_step[h].begin(), by_step[h].end());
    }
    out.pooled = forecast_metrics(all_y, all_yhat);
    return out;
}

nlohmann::json to_json(const ForecastByStep& m) {
    nlohmann::json steps = nlohmann::json::array();
    for (std::size_t h = 0; h < m.steps.size(); ++h) {
        nlohmann::json j = to_json(m.steps[h]);
        j["step"] = h + 1;
        steps.push_back(std::move(j));
    }
    return {{"steps", std::move(steps)}, {"pooled", to_json(m.pooled)}};
}

}  // namespace heatloop::eval
