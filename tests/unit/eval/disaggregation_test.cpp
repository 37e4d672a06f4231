#include "heatloop/eval/disaggregation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::eval;

TEST(Disaggregation, HandComputed) {
    // Errors 0 1 -1 -1 (the NaN pair is skipped): SSE 3, sum y^2 14, sum y 6, sum yhat 7;
    // SS_tot around 1.5 is 5.
    const std::vector<double> y = {1, 2, 3, 0, std::nan("")}, yhat = {1, 1, 4, 1, 2};
    const DisaggregationMetrics m = disaggregation_metrics(y, yhat);
    EXPECT_EQ(m.n, 4u);
    EXPECT_DOUBLE_EQ(m.mae, 0.75);
    EXPECT_DOUBLE_EQ(m.rmse, std::sqrt(0.75));
    EXPECT_DOUBLE_EQ(m.r2, 1.0 - 3.0 / 5.0);
    EXPECT_DOUBLE_EQ(m.nde, std::sqrt(3.0 / 14.0));
    EXPECT_DOUBLE_EQ(m.sae, 1.0 / 6.0);
}

TEST(Disaggregation, ConstantAndZeroTruth) {
    const std::vector<double> zero = {0, 0, 0}, est = {1, 0, 2};
    const DisaggregationMetrics m = disaggregation_metrics(zero, est);
    EXPECT_TRUE(std::isnan(m.nde));  // sum y^2 = 0
    EXPECT_TRUE(std::isnan(m.sae));  // sum y = 0
    EXPECT_TRUE(std::isnan(m.r2));   // constant truth
    EXPECT_DOUBLE_EQ(m.mae, 1.0);
    const std::vector<double> flat = {2, 2};
    EXPECT_DOUBLE_EQ(disaggregation_metrics(flat, flat).nde, 0.0);
    EXPECT_THROW(disaggregation_metrics(flat, est), InvalidInputError);
    const nlohmann::json j = to_json(m);
    EXPECT_TRUE(j["nde"].is_null());
    EXPECT_EQ(j["n"], 3);
    for (const auto& f : disaggregation_metric_fields()) EXPECT_TRUE(j.contains(f.name)) << f.name;
}
