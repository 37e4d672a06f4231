#include "heatloop/eval/event_match.hpp"

#include <gtest/gtest.h>

#include "unit/eval/fixtures.hpp"

using namespace heatloop;
using namespace heatloop::eval;
using namespace heatloop::eval::testing;

namespace {
UnitTruth truth_of(const std::vector<EvalLabel>& labels, std::vector<Interval> gaps = {}) {
    UnitData u;  // no time axis: only labels and gaps matter here
    u.unit_id = "u";
    u.gaps = std::move(gaps);
    return split_labels(u, labels, {});
}
}  // namespace

TEST(EventMatch, AlarmSpanningTwoLabelsDetectsBoth) {
    const auto t = truth_of({label("u", 2 * h, 4 * h, "a"), label("u", 5 * h, 6 * h, "b")});
    const std::vector<alarms::AlarmEvent> a = {alarm("u", 3 * h, 5 * h + 30 * 60000)};
    const EventMatch m = match_events(a, t, 0);
    ASSERT_EQ(m.truth.size(), 2u);
    EXPECT_TRUE(m.truth[0].detected);
    EXPECT_EQ(m.truth[0].delay, 1 * h);
    EXPECT_TRUE(m.truth[1].detected);
    EXPECT_EQ(m.truth[1].delay, 0);  // the alarm was already on when the label began
    EXPECT_EQ(m.alarms, std::vector<AlarmOutcome>{AlarmOutcome::true_alarm});
}

TEST(EventMatch, ToleranceAfterTheLabelEnd) {
    const auto t = truth_of({label("u", 2 * h, 3 * h, "a")});
    const std::vector<alarms::AlarmEvent> a = {alarm("u", 3 * h + 20 * 60000, 4 * h)};
    EXPECT_FALSE(match_events(a, t, 0).truth[0].detected);
    EXPECT_EQ(match_events(a, t, 0).alarms[0], AlarmOutcome::false_alarm);
    const EventMatch tol = match_events(a, t, 30 * 60000);
    EXPECT_TRUE(tol.truth[0].detected);
    EXPECT_EQ(tol.truth[0].delay, 1 * h + 20 * 60000);
    EXPECT_EQ(tol.alarms[0], AlarmOutcome::true_alarm);
    // Exactly at the end of the tolerance is outside (half-open).
    EXPECT_FALSE(match_events(a, t, 20 * 60000).truth[0].detected);
}

TEST(EventMatch, EarliestAlarmGivesTheDelay) {
    const auto t = truth_of({label("u", 0, 10 * h, "a")});
    const std::vector<alarms::AlarmEvent> a = {alarm("u", 5 * h, 6 * h), alarm("u", 2 * h, 3 * h)};
    const EventMatch m = match_events(a, t, 0);
    EXPECT_EQ(m.truth[0].delay, 2 * h);
    EXPECT_EQ(m.truth[0].first_alarm, 1u);
}

TEST(EventMatch, IgnoreRegionsMakeAlarmsNeitherTrueNorFalse) {
    const auto t = truth_of({label("u", 2 * h, 3 * h, "a", 1.0, LabelState::proposed),
                             label("u", 6 * h, 7 * h, "b", 1.0, LabelState::rejected)},
                            {{t0 + 10 * h, t0 + 12 * h}});
    const std::vector<alarms::AlarmEvent> a = {alarm("u", 2 * h, 2 * h + 600000),  // proposed
                                               alarm("u", 6 * h, 6 * h + 600000),  // rejected
                                               alarm("u", 11 * h, 13 * h),         // gap
                                               alarm("u", 15 * h, 16 * h)};
    const EventMatch m = match_events(a, t, 0);
    EXPECT_TRUE(m.truth.empty());
    EXPECT_EQ(m.alarms,
              (std::vector<AlarmOutcome>{AlarmOutcome::ignored, AlarmOutcome::false_alarm,
                                         AlarmOutcome::ignored, AlarmOutcome::false_alarm}));
}

TEST(EventMatch, NoAlarmsAndNoLabels) {
    const auto t = truth_of({label("u", 2 * h, 3 * h, "a")});
    const EventMatch none = match_events({}, t, 0);
    ASSERT_EQ(none.truth.size(), 1u);
    EXPECT_FALSE(none.truth[0].detected);
    const std::vector<alarms::AlarmEvent> a = {alarm("u", 1 * h, 2 * h)};
    const EventMatch nolabels = match_events(a, truth_of({}), 0);
    EXPECT_TRUE(nolabels.truth.empty());
    EXPECT_EQ(nolabels.alarms[0], AlarmOutcome::false_alarm);
}
