#include "heatloop/eval/classification.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::eval;

TEST(Classification, HandComputed) {
    // The NaN probability is skipped. At 0.5: predictions 1 0 1 0 against truth 1 1 0 0.
    const std::vector<double> p = {0.9, 0.4, 0.6, 0.2, std::nan("")};
    const std::vector<std::uint8_t> y = {1, 1, 0, 0, 1};
    const ClassificationMetrics m = classification_metrics(p, y);
    EXPECT_EQ(m.n, 4u);
    EXPECT_EQ(m.confusion.tp, 1u);
    EXPECT_EQ(m.confusion.fp, 1u);
    EXPECT_EQ(m.confusion.tn, 1u);
    EXPECT_EQ(m.confusion.fn, 1u);
    EXPECT_DOUBLE_EQ(m.accuracy, 0.5);
    EXPECT_DOUBLE_EQ(m.balanced_accuracy, 0.5);
    EXPECT_DOUBLE_EQ(m.f1, 0.5);
    EXPECT_DOUBLE_EQ(m.roc_auc, 0.75);                // 3 of 4 (positive, negative) pairs
    EXPECT_DOUBLE_EQ(m.pr_auc, 0.5 + 0.5 * 2 / 3.0);  // recall steps at 0.9 and 0.4
    EXPECT_DOUBLE_EQ(m.brier, (0.01 + 0.36 + 0.36 + 0.04) / 4);
    // A lower threshold predicts 0.4 positive too: tp 2, fp 1, tn 1.
    const ClassificationMetrics low = classification_metrics(p, y, 0.3);
    EXPECT_EQ(low.confusion.tp, 2u);
    EXPECT_DOUBLE_EQ(low.balanced_accuracy, (1.0 + 0.5) / 2);
    EXPECT_DOUBLE_EQ(low.f1, 4.0 / 5.0);
}

TEST(Classification, ConstantTruth) {
    const std::vector<double> p = {0.1, 0.7, 0.2};
    const std::vector<std::uint8_t> y = {0, 0, 0};
    const ClassificationMetrics m = classification_metrics(p, y);
    EXPECT_DOUBLE_EQ(m.accuracy, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(m.balanced_accuracy, 2.0 / 3.0);  // the recall of the one class present
    EXPECT_DOUBLE_EQ(m.f1, 0.0);                       // a false positive, no true one
    EXPECT_TRUE(std::isnan(m.roc_auc));
    EXPECT_TRUE(std::isnan(m.pr_auc));
    const std::vector<double> low = {0.1, 0.2, 0.3};
    EXPECT_TRUE(std::isnan(classification_metrics(low, y).f1));  // nothing positive at all
    const ClassificationMetrics none =
        classification_metrics(std::vector<double>{}, std::vector<std::uint8_t>{});
    EXPECT_EQ(none.n, 0u);
    EXPECT_TRUE(std::isnan(none.accuracy));
    EXPECT_TRUE(std::isnan(none.brier));
}

TEST(Classification, BadInputRejected) {
    const std::vector<double> p = {0.1, 0.7};
    EXPECT_THROW(classification_metrics(p, std::vector<std::uint8_t>{0}), InvalidInputError);
    EXPECT_THROW(classification_metrics(p, std::vector<std::uint8_t>{0, 2}), InvalidInputError);
    EXPECT_THROW(
        classification_metrics(std::vector<double>{0.1, 1.5}, std::vector<std::uint8_t>{0, 1}),
        InvalidInputError);
    EXPECT_THROW(classification_metrics(p, std::vector<std::uint8_t>{0, 1}, std::nan("")),
                 InvalidInputError);
}

TEST(Classification, Json) {
    const std::vector<double> p = {0.9, 0.1};
    const nlohmann::json j = to_json(classification_metrics(p, std::vector<std::uint8_t>{1, 1}));
    EXPECT_EQ(j["confusion"]["tp"], 1);
    EXPECT_EQ(j["confusion"]["fn"], 1);
    EXPECT_EQ(j["threshold"], 0.5);
    EXPECT_TRUE(j["roc_auc"].is_null());
    for (const auto& f : classification_metric_fields()) EXPECT_TRUE(j.contains(f.name)) << f.name;
    EXPECT_FALSE(classification_metric_fields().back().higher_is_better);  // brier
}
