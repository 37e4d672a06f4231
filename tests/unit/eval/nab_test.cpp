#include "heatloop/eval/nab.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace heatloop::eval;

namespace {
// NAB's scaled sigmoid, written out independently for the expectations.
double sig(double y) {
    return y > 3 ? -1.0 : 2.0 / (1.0 + std::exp(5.0 * y)) - 1.0;
}
const double max_tp = sig(-1.0);
const std::vector<IndexRange> window = {{10, 19}};
}  // namespace

TEST(Nab, ProfilesAndSigmoid) {
    EXPECT_EQ(profile_name(NabProfile::reward_low_fp_rate), "reward_low_FP_rate");
    EXPECT_DOUBLE_EQ(weights_of(NabProfile::reward_low_fp_rate).fp, 0.22);
    EXPECT_DOUBLE_EQ(weights_of(NabProfile::reward_low_fn_rate).fn, 2.0);
    EXPECT_NEAR(scaled_sigmoid(-1.0), 0.98661, 1e-5);  // the value NAB's docs quote
    EXPECT_DOUBLE_EQ(scaled_sigmoid(0.0), 0.0);
    EXPECT_DOUBLE_EQ(scaled_sigmoid(3.5), -1.0);
}

TEST(Nab, DetectionAtTheWindowStartIsPerfect) {
    const std::vector<std::size_t> d = {10};
    const NabSums s = nab_sums(window, d, {}, NabProfile::standard);
    EXPECT_DOUBLE_EQ(s.raw, 1.0);
    EXPECT_DOUBLE_EQ(s.null_score, -1.0);
    EXPECT_DOUBLE_EQ(s.perfect, 1.0);
    EXPECT_DOUBLE_EQ(s.normalized(), 100.0);
}

TEST(Nab, LateDetectionEarnsLessAndOnlyTheBestCounts) {
    // Last sample of a 10-wide window: relative position -1/10.
    const std::vector<std::size_t> late = {19};
    const double reward = sig(-0.1) / max_tp;
    EXPECT_NEAR(nab_sums(window, late, {}, NabProfile::standard).raw, reward, 1e-12);
    // A second, later detection in the same window adds nothing; the best one counts.
    const std::vector<std::size_t> both = {19, 12};
    EXPECT_NEAR(nab_sums(window, both, {}, NabProfile::standard).raw,
                sig(-(19.0 - 12.0 + 1.0) / 10.0) / max_tp, 1e-12);
    EXPECT_NEAR(nab_sums(window, late, {}, NabProfile::standard).normalized(),
                100.0 * (reward + 1.0) / 2.0, 1e-9);
}

TEST(Nab, FalsePositivesAndMisses) {
    // A detection before any window costs the full FP weight; the window is missed.
    const std::vector<std::size_t> early = {0};
    NabSums s = nab_sums(window, early, {}, NabProfile::standard);
    EXPECT_NEAR(s.raw, -1.0 - 0.11, 1e-12);
    EXPECT_NEAR(s.normalized(), 100.0 * (-0.11) / 2.0, 1e-9);
    // After the window: scaled by the distance past its end in units of width - 1 (9).
    const std::vector<std::size_t> after = {10, 25, 60};
    s = nab_sums(window, after, {}, NabProfile::standard);
    EXPECT_NEAR(s.raw, 1.0 + 0.11 * sig(6.0 / 9.0) + 0.11 * -1.0, 1e-12);
    // The low-FN profile doubles the cost of a miss; low-FP doubles the FP weight.
    s = nab_sums(window, early, {}, NabProfile::reward_low_fn_rate);
    EXPECT_NEAR(s.raw, -2.0 - 0.11, 1e-12);
    EXPECT_DOUBLE_EQ(s.null_score, -2.0);
    EXPECT_NEAR(nab_sums(window, early, {}, NabProfile::reward_low_fp_rate).raw, -1.22, 1e-12);
}

TEST(Nab, IgnoredSamplesAndEmptyCases) {
    std::vector<std::uint8_t> ignored(30, 0);
    ignored[0] = 1;
    const std::vector<std::size_t> early = {0};
    EXPECT_DOUBLE_EQ(nab_sums(window, early, ignored, NabProfile::standard).raw, -1.0);
    // No detection: the null detector's score, normalised to 0.
    EXPECT_DOUBLE_EQ(nab_sums(window, {}, {}, NabProfile::standard).normalized(), 0.0);
    // No window: undefined.
    EXPECT_TRUE(std::isnan(nab_sums({}, early, {}, NabProfile::standard).normalized()));
    // One-sample window: the FP scale does not divide by zero.
    const std::vector<IndexRange> one = {{5, 5}};
    const std::vector<std::size_t> d = {7};
    EXPECT_NEAR(nab_sums(one, d, {}, NabProfile::standard).raw, -1.0 + 0.11 * sig(2.0), 1e-12);
}

TEST(Nab, SumsAddUp) {
    NabSums a{0.5, -1, 1}, b{-1, -2, 2};
    a += b;
    EXPECT_DOUBLE_EQ(a.raw, -0.5);
    EXPECT_DOUBLE_EQ(a.normalized(), 100.0 * (-0.5 + 3.0) / 6.0);
}
