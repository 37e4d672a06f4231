#include "heatloop/eval/curve.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "unit/eval/fixtures.hpp"

using namespace heatloop;
using namespace heatloop::eval;
using namespace heatloop::eval::testing;

namespace {
const double month_h = 365.2425 / 12.0 * 24.0;

// Ten hourly samples, scores 0 0 5 0 0 0 0 9 9 0, one label over hours 7 and 8.
UnitData hourly() {
    UnitData u = grid_unit("u", 0);
    u.step = h;
    const double s[] = {0, 0, 5, 0, 0, 0, 0, 9, 9, 0};
    for (int i = 0; i < 10; ++i) u.time.push_back(t0 + i * h), u.scores.push_back(s[i]);
    u.alarms = {alarm("u", 8 * h, 9 * h)};  // the run's own alarm: one hour late
    return u;
}
}  // namespace

TEST(Curve, SweepsThresholdsOverScoreQuantiles) {
    const std::vector<UnitData> units = {hourly()};
    const std::vector<EvalLabel> labels = {label("u", 7 * h, 9 * h, "a")};
    const alarms::AlarmPolicy policy{alarms::ThresholdMethod::fixed, 6.0, 0, 0, 0};
    const std::vector<double> qs = {0.8, 0.5};
    const DelayFalseAlarmCurve c = delay_false_alarm_curve(units, labels, policy, {}, qs);
    ASSERT_EQ(c.points.size(), 2u);
    // q 0.5: threshold 0 (numpy.quantile of 7 zeros, 5, 9, 9); alarms at hour 2 (false)
    // and hours 7-8 (true, no delay).
    EXPECT_DOUBLE_EQ(c.points[0].quantile, 0.5);
    EXPECT_DOUBLE_EQ(c.points[0].threshold, 0.0);
    EXPECT_EQ(c.points[0].alarms, 2u);
    EXPECT_DOUBLE_EQ(c.points[0].median_delay_h, 0.0);
    EXPECT_DOUBLE_EQ(c.points[0].detected_within_deadline, 1.0);
    EXPECT_NEAR(c.points[0].false_alarms_per_unit_month, month_h / 10.0, 1e-9);
    // q 0.8: position 7.2 -> 5 + 0.2 * 4 = 5.8; only the true alarm is left.
    EXPECT_DOUBLE_EQ(c.points[1].threshold, 5.8);
    EXPECT_EQ(c.points[1].alarms, 1u);
    EXPECT_DOUBLE_EQ(c.points[1].false_alarms_per_unit_month, 0.0);
    EXPECT_DOUBLE_EQ(c.points[1].event_precision, 1.0);
    // The operating point is the run's own alarm.
    EXPECT_DOUBLE_EQ(c.operating_point.threshold, 6.0);
    EXPECT_TRUE(std::isnan(c.operating_point.quantile));
    EXPECT_DOUBLE_EQ(c.operating_point.median_delay_h, 1.0);
    EXPECT_EQ(c.operating_point.alarms, 1u);
}

TEST(Curve, PolicyShapingAppliesAtEveryThreshold) {
    const std::vector<UnitData> units = {hourly()};
    const std::vector<EvalLabel> labels = {label("u", 7 * h, 9 * h, "a")};
    // A 2-hour minimum duration drops the one-hour false alarm at hour 2.
    const alarms::AlarmPolicy policy{alarms::ThresholdMethod::quantile, 0.9, 2 * h, 0, 0};
    const std::vector<double> qs = {0.5};
    const DelayFalseAlarmCurve c = delay_false_alarm_curve(units, labels, policy, {}, qs);
    EXPECT_EQ(c.points[0].alarms, 1u);
    EXPECT_TRUE(std::isnan(c.operating_point.threshold));  // per-unit thresholds
    const std::vector<double> bad = {1.5};
    EXPECT_THROW(delay_false_alarm_curve(units, labels, policy, {}, bad), InvalidInputError);
    EXPECT_EQ(default_curve_quantiles().size(), 12u);
}
