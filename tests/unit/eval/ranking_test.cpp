#include "heatloop/eval/ranking.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace heatloop::eval;

TEST(RocAuc, ShareOfCorrectlyOrderedPairs) {
    // The scikit-learn documentation example: 3 of 4 positive/negative pairs ordered right.
    const std::vector<double> s = {0.1, 0.4, 0.35, 0.8};
    const std::vector<std::uint8_t> y = {0, 0, 1, 1};
    EXPECT_DOUBLE_EQ(roc_auc(s, y), 0.75);
}

TEST(RocAuc, TiesCountOneHalf) {
    // Positives 0.5 and 0.9, negatives 0.5 and 0.5: 0.9 beats both (2), 0.5 ties both (1).
    const std::vector<double> s = {0.5, 0.5, 0.5, 0.9};
    const std::vector<std::uint8_t> y = {1, 0, 0, 1};
    EXPECT_DOUBLE_EQ(roc_auc(s, y), 3.0 / 4.0);
    // All scores equal: 0.5 whatever the labels.
    const std::vector<double> flat = {1, 1, 1, 1};
    EXPECT_DOUBLE_EQ(roc_auc(flat, y), 0.5);
}

TEST(RocAuc, UndefinedWithOneClassAndNanSkipped) {
    const std::vector<double> s = {0.1, 0.2, std::nan("")};
    EXPECT_TRUE(std::isnan(roc_auc(s, std::vector<std::uint8_t>{1, 1, 0})));  // NaN one dropped
    EXPECT_TRUE(std::isnan(roc_auc(s, std::vector<std::uint8_t>{0, 0, 0})));
    EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>{0.1, 0.2, std::nan(""), 0.3},
                             std::vector<std::uint8_t>{0, 1, 1, 0}),
                     0.5);
}

TEST(AveragePrecision, StepwiseOverThresholds) {
    // sklearn example: thresholds 0.8 (P 1, R 0.5), 0.4 (P 0.5), 0.35 (P 2/3, R 1).
    const std::vector<double> s = {0.1, 0.4, 0.35, 0.8};
    const std::vector<std::uint8_t> y = {0, 0, 1, 1};
    EXPECT_DOUBLE_EQ(average_precision(s, y), 0.5 * 1.0 + 0.5 * (2.0 / 3.0));
}

TEST(AveragePrecision, TiesEnterTogether) {
    // 0.9: tp 1 fp 0 (R 0.5, P 1); 0.5: tp 2 fp 2 (R 1, P 0.5) -> 0.5 + 0.25.
    const std::vector<double> s = {0.5, 0.5, 0.5, 0.9};
    const std::vector<std::uint8_t> y = {1, 0, 0, 1};
    EXPECT_DOUBLE_EQ(average_precision(s, y), 0.75);
    EXPECT_TRUE(std::isnan(average_precision(s, std::vector<std::uint8_t>{0, 0, 0, 0})));
    // Without negatives every threshold has precision 1.
    EXPECT_DOUBLE_EQ(average_precision(s, std::vector<std::uint8_t>{1, 1, 1, 1}), 1.0);
}
