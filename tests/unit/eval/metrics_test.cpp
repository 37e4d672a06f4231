#include "heatloop/eval/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::eval;

TEST(Metrics, F1Conventions) {
    EXPECT_DOUBLE_EQ(f1_of(0.5, 1.0), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(f1_of(0.0, 0.0), 0.0);
    EXPECT_DOUBLE_EQ(f1_of(std::nan(""), 0.0), 0.0);  // no alarms, labels missed
    EXPECT_DOUBLE_EQ(f1_of(0.0, std::nan("")), 0.0);  // no labels, alarms all false
    EXPECT_TRUE(std::isnan(f1_of(std::nan(""), std::nan(""))));
    EXPECT_TRUE(std::isnan(f1_of(0.5, std::nan(""))));
}

TEST(Metrics, FieldsHaveUniqueStableNames) {
    std::set<std::string> names;
    for (const auto& f : metric_fields()) names.insert(std::string(f.name));
    EXPECT_EQ(names.size(), metric_fields().size());
    EXPECT_TRUE(names.contains("event_f1"));
    EXPECT_TRUE(names.contains("nab_reward_low_fn_rate"));
    EXPECT_FALSE(find_metric("false_alarms_per_unit_month").higher_is_better);
    EXPECT_TRUE(find_metric("roc_auc").higher_is_better);
    EXPECT_THROW(find_metric("accuracy"), InvalidInputError);
}

TEST(Metrics, TallyAddsUp) {
    Tally a, b;
    a.add_truth({{}, true, 2 * k_hour_ms}, 6 * k_hour_ms);
    a.add_truth({{}, false}, 6 * k_hour_ms);
    b.add_truth({{}, true, 8 * k_hour_ms}, 6 * k_hour_ms);  // late
    b.add_alarm(AlarmOutcome::false_alarm);
    b.add_alarm(AlarmOutcome::true_alarm);
    b.evaluated_ms = k_month_ms;
    a += b;
    EXPECT_EQ(a.labels, 3u);
    EXPECT_EQ(a.detected, 2u);
    EXPECT_EQ(a.within_deadline, 1u);
    EXPECT_EQ(a.delays_h, (std::vector<double>{2.0, 8.0}));
    const Metrics m = metrics_of(a, 0.7, 0.6);
    EXPECT_DOUBLE_EQ(m.event_recall, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(m.event_precision, 0.5);
    EXPECT_DOUBLE_EQ(m.delay_median_h, 5.0);
    EXPECT_DOUBLE_EQ(m.detected_within_deadline, 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(m.false_alarms_per_unit_month, 1.0);
    EXPECT_DOUBLE_EQ(m.roc_auc, 0.7);
}

TEST(Metrics, MacroAverageSkipsUndefined) {
    Metrics a{}, b{};
    a.event_recall = 1.0;
    b.event_recall = std::nan("");
    a.event_precision = 0.2;
    b.event_precision = 0.4;
    a.roc_auc = b.roc_auc = std::nan("");
    const std::vector<Metrics> v = {a, b};
    const Metrics m = macro_average(v);
    EXPECT_DOUBLE_EQ(m.event_recall, 1.0);
    EXPECT_DOUBLE_EQ(m.event_precision, 0.3);
    EXPECT_TRUE(std::isnan(m.roc_auc));
}
