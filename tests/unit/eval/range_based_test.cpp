#include "heatloop/eval/range_based.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace heatloop::eval;

namespace {
std::vector<std::uint8_t> mask(std::size_t n, std::initializer_list<IndexRange> ranges) {
    std::vector<std::uint8_t> m(n, 0);
    for (const auto& r : ranges)
        for (std::size_t i = r.first; i <= r.last; ++i) m[i] = 1;
    return m;
}
double precision(const RangeSums& s) {
    return s.precision_sum / double(s.predicted_ranges);
}
double recall(const RangeSums& s) {
    return s.recall_sum / double(s.real_ranges);
}
}  // namespace

TEST(RangeBased, RunsOfAMask) {
    const auto r = runs_of(mask(12, {{0, 2}, {5, 5}, {9, 11}}));
    EXPECT_EQ(r, (std::vector<IndexRange>{{0, 2}, {5, 5}, {9, 11}}));
    EXPECT_TRUE(runs_of(std::vector<std::uint8_t>(4, 0)).empty());
}

TEST(RangeBased, BiasWeights) {
    // n = 10, positions 6..10.
    EXPECT_DOUBLE_EQ(bias_weight(Bias::flat, 10, 6, 10), 5);
    EXPECT_DOUBLE_EQ(bias_weight(Bias::front, 10, 6, 10), 5 + 4 + 3 + 2 + 1);
    EXPECT_DOUBLE_EQ(bias_weight(Bias::back, 10, 6, 10), 6 + 7 + 8 + 9 + 10);
    EXPECT_DOUBLE_EQ(bias_weight(Bias::middle, 10, 1, 10), 1 + 2 + 3 + 4 + 5 + 5 + 4 + 3 + 2 + 1);
    EXPECT_DOUBLE_EQ(bias_weight(Bias::middle, 5, 1, 5), 1 + 2 + 3 + 2 + 1);  // odd: 3 at i = 3
    EXPECT_DOUBLE_EQ(bias_weight(Bias::middle, 5, 2, 3), 2 + 3);
    EXPECT_DOUBLE_EQ(bias_weight(Bias::flat, 10, 4, 3), 0);
}

TEST(RangeBased, HalfOverlapUnderEachBias) {
    // Real [0, 9], predicted [5, 14]: the back half of the real range is found.
    const auto real = mask(20, {{0, 9}});
    const auto pred = mask(20, {{5, 14}});
    EXPECT_DOUBLE_EQ(recall(range_sums(real, pred, {})), 0.5);
    EXPECT_DOUBLE_EQ(precision(range_sums(real, pred, {})), 0.5);
    EXPECT_DOUBLE_EQ(recall(range_sums(real, pred, {.bias = Bias::front})), 15.0 / 55.0);
    EXPECT_DOUBLE_EQ(recall(range_sums(real, pred, {.bias = Bias::back})), 40.0 / 55.0);
    EXPECT_DOUBLE_EQ(recall(range_sums(real, pred, {.bias = Bias::middle})), 15.0 / 30.0);
    // Precision sees the front of the prediction covered.
    EXPECT_DOUBLE_EQ(precision(range_sums(real, pred, {.bias = Bias::front})), 40.0 / 55.0);
}

TEST(RangeBased, CardinalityAndExistence) {
    // One real range found by two fragments of 2 samples each.
    const auto real = mask(12, {{0, 9}});
    const auto pred = mask(12, {{0, 1}, {5, 6}});
    EXPECT_DOUBLE_EQ(recall(range_sums(real, pred, {})), 0.5 * (0.2 + 0.2));  // reciprocal
    EXPECT_DOUBLE_EQ(recall(range_sums(real, pred, {.cardinality = Cardinality::one})), 0.4);
    EXPECT_DOUBLE_EQ(recall(range_sums(real, pred, {.alpha = 0.5})), 0.5 * 1.0 + 0.5 * 0.2);
    EXPECT_DOUBLE_EQ(precision(range_sums(real, pred, {})), 1.0);
}

TEST(RangeBased, OnePredictionSpanningTwoRealRanges) {
    // Real [0, 3] and [6, 9]; one prediction [2, 7] covers half of each.
    const auto real = mask(10, {{0, 3}, {6, 9}});
    const auto pred = mask(10, {{2, 7}});
    const RangeSums s = range_sums(real, pred, {});
    EXPECT_EQ(s.real_ranges, 2u);
    EXPECT_EQ(s.predicted_ranges, 1u);
    EXPECT_DOUBLE_EQ(recall(s), 0.5);
    // 4 of 6 predicted samples are real, split over 2 ranges: gamma 1/2.
    EXPECT_DOUBLE_EQ(precision(s), 0.5 * (2.0 / 6.0 + 2.0 / 6.0));
}

TEST(RangeBased, MissedRangesAndFalseRanges) {
    const auto real = mask(20, {{0, 3}, {10, 13}});
    const auto pred = mask(20, {{0, 3}, {16, 17}});
    const RangeSums s = range_sums(real, pred, {});
    EXPECT_DOUBLE_EQ(recall(s), 0.5);
    EXPECT_DOUBLE_EQ(precision(s), 0.5);
    RangeSums total = s;
    total += s;
    EXPECT_EQ(total.real_ranges, 4u);
    EXPECT_DOUBLE_EQ(total.recall_sum, 2.0);
    // Nothing predicted: no predicted range, recall 0.
    const RangeSums none = range_sums(real, std::vector<std::uint8_t>(20, 0), {});
    EXPECT_EQ(none.predicted_ranges, 0u);
    EXPECT_DOUBLE_EQ(none.recall_sum, 0.0);
}
