#include "heatloop/testbench/outcomes.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/eval/metrics.hpp"

using namespace heatloop;
using namespace heatloop::testbench;

namespace {

const Duration h = k_hour_ms;
const Timestamp t0 = 1'704'067'200'000;

alarms::AlarmEvent alarm(Timestamp start, Timestamp end, const std::string& unit = "u") {
    return {unit, start, end, 2.0, start};
}

}  // namespace

TEST(Outcomes, DelayIsTheFirstAlarmStartingInsideTheFailure) {
    const InjectedFailure f{"u", t0, t0 + 24 * h, 40.0};
    // Already running at t0: not a detection; 5 h and 3 h later: the 3 h one is first.
    const std::vector<alarms::AlarmEvent> a = {
        alarm(t0 - 2 * h, t0 + h), alarm(t0 + 5 * h, t0 + 6 * h), alarm(t0 + 3 * h, t0 + 4 * h)};
    ASSERT_TRUE(detection_delay(a, f).has_value());
    EXPECT_EQ(*detection_delay(a, f), 3 * h);
    // An alarm exactly at t0 has delay 0; one at the end or on another unit is no detection.
    EXPECT_EQ(*detection_delay(std::vector{alarm(t0, t0 + h)}, f), 0);
    EXPECT_FALSE(detection_delay(std::vector{alarm(t0 + 24 * h, t0 + 25 * h)}, f).has_value());
    EXPECT_FALSE(detection_delay(std::vector{alarm(t0 + h, t0 + 2 * h, "v")}, f).has_value());
    EXPECT_FALSE(detection_delay(std::vector{alarm(t0 - 2 * h, t0 + 2 * h)}, f).has_value());
}

TEST(Outcomes, FalseAlarmsSkipIgnoreRegions) {
    eval::UnitTruth truth;
    truth.ignore = {{t0 + 10 * h, t0 + 20 * h}};
    const std::vector<alarms::AlarmEvent> a = {alarm(t0, t0 + h), alarm(t0 + 9 * h, t0 + 11 * h),
                                               alarm(t0 + 15 * h, t0 + 16 * h),
                                               alarm(t0 + 20 * h, t0 + 21 * h)};
    EXPECT_EQ(count_false_alarms(a, truth), 2u);  // the first and the last
    EXPECT_EQ(count_false_alarms({}, truth), 0u);
}

TEST(Outcomes, KpisOfHandMadeOutcomes) {
    const InjectedFailure f{"u", t0, t0 + 24 * h, 40.0};
    const std::vector<FailureOutcome> o = {{f, 1 * h}, {f, 2 * h}, {f, std::nullopt}, {f, 9 * h}};
    const Kpis k = kpis_of(o, 3, 2.0 * eval::k_month_ms, 6 * h);
    EXPECT_EQ(k.injected, 4u);
    EXPECT_EQ(k.detected, 3u);
    EXPECT_EQ(k.within_deadline, 2u);
    EXPECT_DOUBLE_EQ(k.detected_share, 0.75);
    EXPECT_DOUBLE_EQ(k.within_deadline_share, 0.5);
    EXPECT_DOUBLE_EQ(k.delay_mean_h, 4.0);
    EXPECT_DOUBLE_EQ(k.delay_median_h, 2.0);
    EXPECT_NEAR(k.delay_p90_h, 2.0 + 0.8 * 7.0, 1e-12);  // numpy.quantile([1, 2, 9], 0.9)
    EXPECT_EQ(k.false_alarms, 3u);
    EXPECT_DOUBLE_EQ(k.evaluated_months, 2.0);
    EXPECT_DOUBLE_EQ(k.false_alarms_per_unit_month, 1.5);
    // The deadline itself counts as within.
    EXPECT_EQ(kpis_of(o, 0, 1.0, 9 * h).within_deadline, 3u);
}

TEST(Outcomes, NothingDetectedOrEvaluated) {
    const Kpis none = kpis_of({}, 0, 0.0, 6 * h);
    EXPECT_TRUE(std::isnan(none.detected_share));
    EXPECT_TRUE(std::isnan(none.delay_median_h));
    EXPECT_TRUE(std::isnan(none.false_alarms_per_unit_month));
}
