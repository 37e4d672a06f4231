#include "heatloop/eval/forecast.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::eval;

TEST(Forecast, HandComputed) {
    // Errors 0 0 0 -1: MSE 1/4, MAE 1/4, APE 1/4 of the last only; SS_tot around 2.5 is 5.
    const std::vector<double> y = {1, 2, 3, 4}, yhat = {1, 2, 3, 5};
    const ForecastMetrics m = forecast_metrics(y, yhat);
    EXPECT_EQ(m.n, 4u);
    EXPECT_DOUBLE_EQ(m.rmse, 0.5);
    EXPECT_DOUBLE_EQ(m.mae, 0.25);
    EXPECT_DOUBLE_EQ(m.mape, 100.0 * 0.25 / 4.0);
    EXPECT_DOUBLE_EQ(m.r2, 0.8);
}

TEST(Forecast, ZerosNanAndConstantActuals) {
    const std::vector<double> y = {0, 2, std::nan(""), 4}, yhat = {1, 1, 3, 4};
    const ForecastMetrics m = forecast_metrics(y, yhat);
    EXPECT_EQ(m.n, 3u);
    EXPECT_EQ(m.mape_skipped, 1u);
    EXPECT_DOUBLE_EQ(m.mape, 100.0 * (0.5 + 0.0) / 2.0);
    EXPECT_DOUBLE_EQ(m.mae, 2.0 / 3.0);
    const std::vector<double> flat = {3, 3};
    EXPECT_TRUE(std::isnan(forecast_metrics(flat, flat).r2));
    EXPECT_TRUE(std::isnan(forecast_metrics(std::vector<double>{}, std::vector<double>{}).rmse));
    EXPECT_THROW(forecast_metrics(flat, y), InvalidInputError);
    const nlohmann::json j = to_json(forecast_metrics(flat, flat));
    EXPECT_TRUE(j["r2"].is_null());
    EXPECT_EQ(j["rmse"], 0.0);
}

TEST(Forecast, ByStepAndPooled) {
    // Step 1 misses the first sample, step 2 the first two (NaN: no forecast there).
    const double nan = std::nan("");
    const std::vector<double> y = {1, 2, 3, 4};
    const std::vector<std::vector<double>> by_step = {{nan, 2, 3, 5}, {nan, nan, 4, 4}};
    const ForecastByStep m = forecast_metrics_by_step(y, by_step);
    ASSERT_EQ(m.steps.size(), 2u);
    EXPECT_EQ(m.steps[0].n, 3u);
    EXPECT_DOUBLE_EQ(m.steps[0].rmse, std::sqrt(1.0 / 3.0));
    EXPECT_DOUBLE_EQ(m.steps[1].mae, 0.5);
    EXPECT_EQ(m.pooled.n, 5u);
    EXPECT_DOUBLE_EQ(m.pooled.rmse, std::sqrt(2.0 / 5.0));
    EXPECT_DOUBLE_EQ(m.pooled.mae, 2.0 / 5.0);
    const nlohmann::json j = to_json(m);
    EXPECT_EQ(j["steps"][1]["step"], 2);
    EXPECT_EQ(j["pooled"]["n"], 5);
    const std::vector<std::vector<double>> short_step = {{1, 2, 3, 4}, {1, 2}};
    EXPECT_THROW(forecast_metrics_by_step(y, short_step), InvalidInputError);
    EXPECT_TRUE(forecast_metrics_by_step(y, {}).steps.empty());
    EXPECT_TRUE(std::isnan(forecast_metrics_by_step(y, {}).pooled.rmse));
}

TEST(Forecast, FieldsKnowTheirDirection) {
    for (const auto& f : forecast_metric_fields())
        EXPECT_EQ(f.higher_is_better, f.name == "r2") << f.name;
}
