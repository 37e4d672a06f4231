#include "heatloop/eval/affiliation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::eval;

TEST(Affiliation, ExactPredictionIsPerfect) {
    const std::vector<std::uint8_t> y = {0, 0, 1, 1, 0, 0, 0, 1, 0, 0};
    const AffiliationSums s = affiliation_sums(y, y);
    EXPECT_EQ(s.recall_events, 2u);
    EXPECT_EQ(s.precision_events, 2u);
    EXPECT_DOUBLE_EQ(s.precision(), 1.0);
    EXPECT_DOUBLE_EQ(s.recall(), 1.0);
}

TEST(Affiliation, HandComputedDistantPrediction) {
    // Truth J = [4, 6), prediction I = [8, 9), series [0, 10): J's zone is the whole series.
    // Precision: d(x, J) runs over [2, 3] on I; a uniform X in [0, 10) is at least d from J
    // with probability (8 - 2d) / 10, whose mean over d in [2, 3] is 0.3.
    // Recall: y in J is 8 - y from I; P(|X - y| >= 8 - y) = 1 - 2(8 - y) / 10, mean over J 0.4.
    const std::vector<EventInterval> j = {{4, 6}}, i = {{8, 9}};
    const AffiliationSums s = affiliation_sums(j, i, {0, 10});
    EXPECT_NEAR(s.precision(), 0.3, 1e-12);
    EXPECT_NEAR(s.recall(), 0.4, 1e-12);
    // As masks: the same events.
    std::vector<std::uint8_t> y(10, 0), p(10, 0);
    y[4] = y[5] = 1;
    p[8] = 1;
    EXPECT_NEAR(affiliation_sums(y, p).precision(), 0.3, 1e-12);
}

TEST(Affiliation, NoPredictionOrNoTruth) {
    const std::vector<std::uint8_t> y = {0, 1, 1, 0, 0, 0}, none(6, 0);
    const AffiliationSums s = affiliation_sums(y, none);
    EXPECT_TRUE(std::isnan(s.precision()));  // no prediction near the event: undefined
    EXPECT_DOUBLE_EQ(s.recall(), 0.0);
    const AffiliationSums t = affiliation_sums(none, y);  // constant truth: both undefined
    EXPECT_TRUE(std::isnan(t.precision()));
    EXPECT_TRUE(std::isnan(t.recall()));
}

TEST(Affiliation, SumsAddOverUnits) {
    AffiliationSums a{0.5, 1, 1.0, 2}, b{1.0, 1, 0.0, 1};
    a += b;
    EXPECT_DOUBLE_EQ(a.precision(), 0.75);
    EXPECT_DOUBLE_EQ(a.recall(), 1.0 / 3.0);
}

TEST(Affiliation, BadInputRejected) {
    EXPECT_THROW(
        affiliation_sums(std::vector<std::uint8_t>{0, 1}, std::vector<std::uint8_t>{0, 1, 0}),
        InvalidInputError);
    const std::vector<EventInterval> overlapping = {{1, 3}, {2, 4}}, ok = {{1, 2}},
                                     empty = {{2, 2}};
    EXPECT_THROW(affiliation_sums(overlapping, ok, {0, 10}), InvalidInputError);
    EXPECT_THROW(affiliation_sums(ok, empty, {0, 10}), InvalidInputError);
    EXPECT_THROW(affiliation_sums(ok, std::vector<EventInterval>{{8, 12}}, {0, 10}),
                 InvalidInputError);
}
