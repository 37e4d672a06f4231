#include "heatloop/alarms/threshold.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::alarms;

namespace {
std::vector<double> one_to(int n) {
    std::vector<double> v;
    for (int i = 1; i <= n; ++i) v.push_back(i);
    return v;
}
}  // namespace

TEST(Threshold, Fixed) {
    EXPECT_DOUBLE_EQ(resolve_threshold({ThresholdMethod::fixed, 0.7}, {}), 0.7);
}

TEST(Threshold, QuantileOfTrainingScores) {
    const auto train = one_to(101);  // 1..101: q-quantile is 1 + 100 q
    EXPECT_DOUBLE_EQ(resolve_threshold({ThresholdMethod::quantile, 0.9}, train), 91.0);
    EXPECT_DOUBLE_EQ(resolve_threshold({ThresholdMethod::quantile, 0.0}, train), 1.0);
}

TEST(Threshold, ContaminationFlagsThatShareOfTraining) {
    const auto train = one_to(100);
    const double t = resolve_threshold({ThresholdMethod::contamination, 0.05}, train);
    int above = 0;
    for (double v : train) above += v > t;
    EXPECT_EQ(above, 5);
    EXPECT_DOUBLE_EQ(t, 95.05);  // numpy.quantile(1..100, 0.95)
}

TEST(Threshold, KSigma) {
    const std::vector<double> train = {2, 4, 4, 4, 5, 5, 7, 9, std::nan("")};  // mean 5, std 2
    EXPECT_DOUBLE_EQ(resolve_threshold({ThresholdMethod::k_sigma, 3}, train), 11.0);
    EXPECT_DOUBLE_EQ(resolve_threshold({ThresholdMethod::k_sigma, -1}, train), 3.0);
}

TEST(Threshold, NoTrainingScoresIsAnError) {
    const std::vector<double> train = {std::nan("")};
    try {
        resolve_threshold({ThresholdMethod::quantile, 0.9}, train);
        FAIL() << "no error";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("no finite training score"));
    }
    EXPECT_THROW(resolve_threshold({ThresholdMethod::quantile, 2.0}, one_to(3)), InvalidInputError);
}
