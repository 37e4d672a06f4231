#include "heatloop/alarms/quantile.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

using namespace heatloop::alarms;

namespace {
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
}

TEST(Quantile, InterpolatesLinearlyLikeNumpy) {
    const std::vector<double> v = {4, 1, 3, 2};  // sorted 1 2 3 4
    EXPECT_DOUBLE_EQ(quantile(v, 0.0), 1.0);
    EXPECT_DOUBLE_EQ(quantile(v, 1.0), 4.0);
    EXPECT_DOUBLE_EQ(quantile(v, 0.5), 2.5);
    // position 0.9 * 3 = 2.7: 3 + 0.7 * (4 - 3)
    EXPECT_DOUBLE_EQ(quantile(v, 0.9), 3.7);
}

TEST(Quantile, SkipsNanAndEmptyIsNan) {
    const std::vector<double> v = {k_nan, 10, k_nan, 20};
    EXPECT_DOUBLE_EQ(quantile(v, 0.5), 15.0);
    EXPECT_TRUE(std::isnan(quantile(std::vector<double>{k_nan}, 0.5)));
    EXPECT_TRUE(std::isnan(quantile(std::vector<double>{}, 0.5)));
    const std::vector<double> qs = {0.0, 0.25, 1.0};
    EXPECT_EQ(quantiles(v, qs), (std::vector<double>{10, 12.5, 20}));
}

TEST(Quantile, MeanAndPopulationStd) {
    const std::vector<double> v = {2, 4, 4, 4, 5, 5, 7, 9, k_nan};
    EXPECT_DOUBLE_EQ(mean(v), 5.0);
    EXPECT_DOUBLE_EQ(stddev(v), 2.0);  // the textbook example: population std 2
    EXPECT_TRUE(std::isnan(stddev(std::vector<double>{})));
}
