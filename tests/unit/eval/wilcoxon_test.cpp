#include "heatloop/eval/wilcoxon.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace heatloop::eval;

TEST(Wilcoxon, ExactAllPositive) {
    // n = 5, W- = 0: P(T <= 0) = 1/32, two-sided 2/32.
    const std::vector<double> d = {1, 2, 3, 4, 5};
    const WilcoxonResult r = wilcoxon_signed_rank(d);
    EXPECT_TRUE(r.exact);
    EXPECT_DOUBLE_EQ(r.w_plus, 15);
    EXPECT_DOUBLE_EQ(r.w_minus, 0);
    EXPECT_DOUBLE_EQ(r.p_value, 0.0625);
}

TEST(Wilcoxon, ExactWithOneNegative) {
    // Ranks 1..6, the rank-2 difference negative: W- = 2. Subsets of {1..6} with sum <= 2:
    // {}, {1}, {2} -> P = 3/64, two-sided 6/64.
    const std::vector<double> d = {1, -2, 3, 4, 5, 6};
    const WilcoxonResult r = wilcoxon_signed_rank(d);
    EXPECT_DOUBLE_EQ(r.w_minus, 2);
    EXPECT_DOUBLE_EQ(r.p_value, 6.0 / 64.0);
    // Symmetric: flipping every sign gives the same p-value.
    const std::vector<double> flipped = {-1, 2, -3, -4, -5, -6};
    EXPECT_DOUBLE_EQ(wilcoxon_signed_rank(flipped).p_value, 6.0 / 64.0);
}

TEST(Wilcoxon, ZerosAreDroppedAndNanSkipped) {
    const std::vector<double> d = {0, 1, 2, 0, 3, 4, 5, std::nan("")};
    const WilcoxonResult r = wilcoxon_signed_rank(d);
    EXPECT_EQ(r.n, 5u);
    EXPECT_EQ(r.zeros, 2u);
    EXPECT_DOUBLE_EQ(r.p_value, 0.0625);
    EXPECT_TRUE(std::isnan(wilcoxon_signed_rank(std::vector<double>{0, 0}).p_value));
}

TEST(Wilcoxon, TiesUseTheNormalApproximation) {
    // |d| = 1 1 1 2 2 3: average ranks 2 2 2 4.5 4.5 6; the negative 1 gives W- = 2, W+ = 19.
    // n = 6: mean 10.5, variance 6*7*13/24 - ((27 - 3) + (8 - 2)) / 48 = 22.125;
    // z = (19 - 10.5 - 0.5) / sqrt(22.125).
    const std::vector<double> d = {1, 1, -1, 2, 2, 3};
    const WilcoxonResult r = wilcoxon_signed_rank(d);
    EXPECT_FALSE(r.exact);
    EXPECT_DOUBLE_EQ(r.w_plus, 19);
    const double z = 8.0 / std::sqrt(22.125);
    EXPECT_NEAR(r.p_value, std::erfc(z / std::sqrt(2.0)), 1e-12);
}

TEST(Wilcoxon, LargeSamplesUseTheNormalApproximation) {
    std::vector<double> d;
    for (int i = 1; i <= 60; ++i) d.push_back(i % 3 == 0 ? -i : i);
    const WilcoxonResult r = wilcoxon_signed_rank(d);
    EXPECT_FALSE(r.exact);
    double w_minus = 0;
    for (int i = 3; i <= 60; i += 3) w_minus += i;
    EXPECT_DOUBLE_EQ(r.w_minus, w_minus);
    const double n = 60, mean = n * (n + 1) / 4, var = n * (n + 1) * (2 * n + 1) / 24;
    const double z = (r.w_plus - mean - 0.5) / std::sqrt(var);
    EXPECT_NEAR(r.p_value, std::erfc(z / std::sqrt(2.0)), 1e-12);
}
