#include "heatloop/eval/vus.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::eval;

namespace {
const std::vector<double> scores = {0.1, 0.9, 0.8, 0.2};
const std::vector<std::uint8_t> truth = {0, 0, 1, 0};
}  // namespace

TEST(Vus, WithoutBufferIsTheSampledRocAndAveragePrecision) {
    // Window 0, thresholds at every sorted score (0.9, 0.8, 0.2, 0.1): (FPR, TPR) = (1/3, 0),
    // (1/3, 1), (2/3, 1), (1, 1) -> area 2/3; precision 0, 1/2, 1/3, 1/4 -> AP = 1 * 1/2.
    const Vus v = vus(scores, truth, {0, 4});
    EXPECT_DOUBLE_EQ(v.roc, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(v.pr, 0.5);
}

TEST(Vus, BufferedLabelsHandComputed) {
    // Window 2: buffers 0 and 1 have no soft labels (half-width 0) and give (2/3, 1/2). Buffer
    // 2 gives samples 1 and 3 the soft label s = sqrt(1 - 1/2).
    const double s = std::sqrt(0.5);
    // Threshold 0.9: TP = s, P' = (1 + 1 + s) / 2, TPR = TP / P' (one widened run, hit),
    // FPR = (1 - s) / (4 - P'), precision s.
    double p1 = (2 + s) / 2, tpr1 = s / p1, fpr1 = (1 - s) / (4 - p1);
    // 0.8: TP = 1 + s, TPR 1, FPR = (2 - TP) / (4 - p1), precision (1 + s) / 2.
    double fpr2 = (2 - (1 + s)) / (4 - p1);
    // 0.2 and 0.1: TP = 1 + 2s, P' = (2 + 2s) / 2, FPR = (3 or 4 - TP) / (4 - P').
    double p3 = (2 + 2 * s) / 2, fpr3 = (3 - (1 + 2 * s)) / (4 - p3),
           fpr4 = (4 - (1 + 2 * s)) / (4 - p3);
    const double roc2 = fpr1 * tpr1 / 2 + (fpr2 - fpr1) * (tpr1 + 1) / 2 + (fpr3 - fpr2) +
                        (fpr4 - fpr3) + (1 - fpr4);
    const double pr2 = tpr1 * s + (1 - tpr1) * (1 + s) / 2;
    const Vus v = vus(scores, truth, {2, 4});
    EXPECT_NEAR(v.roc, (2 * (2.0 / 3.0) + roc2) / 3, 1e-12);
    EXPECT_NEAR(v.pr, (2 * 0.5 + pr2) / 3, 1e-12);
    // The same as TSB-AD 1.5 generate_curve(label, score, 2, 'opt', 4).
    EXPECT_NEAR(v.roc, 0.750522567673327, 1e-12);
    EXPECT_NEAR(v.pr, 0.5923495156295323, 1e-12);
}

TEST(Vus, PerfectScoresGiveOne) {
    const std::vector<double> s = {0.0, 0.1, 0.2, 5.0, 5.0, 0.3, 0.1, 0.0};
    const std::vector<std::uint8_t> y = {0, 0, 0, 1, 1, 0, 0, 0};
    const Vus v = vus(s, y, {0, 8});
    EXPECT_DOUBLE_EQ(v.roc, 1.0);
    EXPECT_DOUBLE_EQ(v.pr, 1.0);
}

TEST(Vus, UndefinedWithOneClassAndBadInputRejected) {
    const std::vector<double> s = {0.1, 0.2, 0.3};
    EXPECT_TRUE(std::isnan(vus(s, std::vector<std::uint8_t>{0, 0, 0}).roc));  // constant truth
    EXPECT_TRUE(std::isnan(vus(s, std::vector<std::uint8_t>{1, 1, 1}).pr));
    EXPECT_TRUE(std::isnan(vus(std::vector<double>{}, std::vector<std::uint8_t>{}).roc));
    EXPECT_THROW(vus(s, std::vector<std::uint8_t>{0, 1}), InvalidInputError);
    EXPECT_THROW(
        vus(std::vector<double>{0.1, std::nan(""), 0.3}, std::vector<std::uint8_t>{0, 1, 0}),
        InvalidInputError);
    EXPECT_THROW(vus(s, std::vector<std::uint8_t>{0, 1, 0}, {10, 0}), InvalidInputError);
}

TEST(Vus, LongSeriesStaysCheap) {
    // 500k samples with the defaults: bounded by the labelled neighbourhood, not n x windows.
    const std::size_t n = 500'000;
    std::vector<double> s(n);
    std::vector<std::uint8_t> y(n, 0);
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<double>((i * 7919) % 1000) / 1000.0;
    for (std::size_t k = 0; k < 50; ++k)
        for (std::size_t i = 0; i < 200; ++i) y[k * 10'000 + i] = 1, s[k * 10'000 + i] += 0.5;
    const Vus v = vus(s, y);
    EXPECT_GT(v.roc, 0.5);
    EXPECT_LE(v.roc, 1.0);
    EXPECT_GT(v.pr, 0.0);
}
