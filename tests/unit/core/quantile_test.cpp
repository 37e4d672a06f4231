#include "heatloop/core/quantile.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace heatloop;

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

TEST(Quantile, InPlaceMatchesTheSortedFormAndNumpy) {
    std::vector<double> q{4, 1, 3, 2};
    EXPECT_EQ(quantile_inplace(q, 0.25), 1.75);  // numpy.quantile([1,2,3,4], 0.25)
    EXPECT_EQ(quantile_inplace(q, 0.75), 3.25);
    EXPECT_EQ(quantile_inplace(q, 1.0), 4);
    EXPECT_EQ(quantile_inplace(q, 0.0), 1);
    std::vector<double> empty;
    EXPECT_TRUE(std::isnan(quantile_inplace(empty, 0.5)));
    std::mt19937_64 rng(3);
    std::vector<double> v(1001);
    for (double& x : v) x = static_cast<double>(rng() % 1000) / 7.0;
    std::vector<double> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    for (double p : {0.0, 0.01, 0.5, 0.9, 0.999, 1.0}) {
        std::vector<double> w = v;
        EXPECT_EQ(quantile_inplace(w, p), sorted_quantile(sorted, p)) << p;
    }
}
