#include "heatloop/alarms/events.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::alarms;

namespace {
constexpr Duration m = k_minute_ms;
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

std::vector<Timestamp> minutes(int n) {
    std::vector<Timestamp> t;
    for (int i = 0; i < n; ++i) t.push_back(i * m);
    return t;
}

AlarmEvent ev(Timestamp s, Timestamp e, double peak, Timestamp peak_time) {
    return {"u", s, e, peak, peak_time};
}
}  // namespace

TEST(FlagRuns, ConsecutiveSamplesAboveThresholdFormHalfOpenEvents) {
    const auto t = minutes(10);
    const std::vector<double> s = {0, 2, 3, 0, 5, k_nan, 4, 4, 1, 9};
    const auto events = flag_runs("u", {t, s, m}, 1.0);
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[0], ev(1 * m, 3 * m, 3, 2 * m));
    EXPECT_EQ(events[1], ev(4 * m, 5 * m, 5, 4 * m));   // NaN is not scored: it ends the run
    EXPECT_EQ(events[2], ev(6 * m, 8 * m, 4, 6 * m));   // tie: first peak kept
    EXPECT_EQ(events[3], ev(9 * m, 10 * m, 9, 9 * m));  // last sample: end = time + step
    // Strictly above: a score equal to the threshold is not flagged.
    EXPECT_TRUE(flag_runs("u", {t, s, m}, 9.0).empty());
}

TEST(FlagRuns, MissingSamplesSplitRunsAndStepIsInferred) {
    const std::vector<Timestamp> t = {0, m, 2 * m, 10 * m, 11 * m};
    const std::vector<double> s = {5, 5, 5, 5, 5};
    const auto events = flag_runs("u", {t, s}, 1.0);  // step inferred: 1 min
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].end, 3 * m);
    EXPECT_EQ(events[1].start, 10 * m);
    EXPECT_EQ(events[1].end, 12 * m);
}

TEST(FlagRuns, BadSeriesIsRejected) {
    const std::vector<Timestamp> t = {0, m, m};
    const std::vector<double> s = {1, 2, 3};
    EXPECT_THROW(flag_runs("u", {t, s}, 0.0), InvalidInputError);
    const std::vector<double> short_s = {1, 2};
    EXPECT_THROW(flag_runs("u", {std::span(t).first(3), short_s}, 0.0), InvalidInputError);
}

TEST(MergeClose, GapAtMostTheSettingMerges) {
    std::vector<AlarmEvent> e = {ev(0, 2 * m, 3, m), ev(5 * m, 6 * m, 7, 5 * m),
                                 ev(12 * m, 13 * m, 1, 12 * m)};
    auto merged = merge_close(e, 3 * m);  // gap 3 min merges, gap 6 min does not
    ASSERT_EQ(merged.size(), 2u);
    EXPECT_EQ(merged[0], ev(0, 6 * m, 7, 5 * m));
    EXPECT_EQ(merged[1], e[2]);
    EXPECT_EQ(merge_close(e, 2 * m).size(), 3u);
}

TEST(DropShort, MinimumDuration) {
    std::vector<AlarmEvent> e = {ev(0, 2 * m, 3, 0), ev(5 * m, 10 * m, 1, 5 * m)};
    auto kept = drop_short(e, 3 * m);
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_EQ(kept[0].start, 5 * m);
    EXPECT_EQ(drop_short(e, 2 * m).size(), 2u);  // exactly the minimum stays
}

TEST(Dedupe, KeepsTheStrongestPeakWithinTheWindow) {
    // Peaks at 0, 20, 40, 100 min with scores 2, 5, 3, 1; window 30 min:
    // 5 (20 min) is kept first, 2 (0 min, 20 away) and 3 (40 min, 20 away) are dropped,
    // 1 (100 min) is kept.
    std::vector<AlarmEvent> e = {ev(0, m, 2, 0), ev(20 * m, 21 * m, 5, 20 * m),
                                 ev(40 * m, 41 * m, 3, 40 * m), ev(100 * m, 101 * m, 1, 100 * m)};
    auto kept = dedupe(e, 30 * m);
    ASSERT_EQ(kept.size(), 2u);
    EXPECT_EQ(kept[0].peak_time, 20 * m);
    EXPECT_EQ(kept[1].peak_time, 100 * m);
    // Exactly the window apart is not "within" it; window 0 keeps all.
    EXPECT_EQ(dedupe(e, 20 * m).size(), 4u);
    EXPECT_EQ(dedupe(e, 0).size(), 4u);
    // Ties: the earlier peak wins.
    auto tie = dedupe({ev(0, m, 4, 0), ev(10 * m, 11 * m, 4, 10 * m)}, 30 * m);
    ASSERT_EQ(tie.size(), 1u);
    EXPECT_EQ(tie[0].peak_time, 0);
}

TEST(MakeAlarms, MergeThenMinDurationThenDedupe) {
    // Bursts: [1,2) [3,4) (1 min apart), [10,11), [20,26) and [30,31).
    const auto t = minutes(40);
    std::vector<double> s(40, 0.0);
    s[1] = 2;
    s[3] = 6;
    s[10] = 3;
    for (int i = 20; i < 26; ++i) s[i] = 4;
    s[30] = 8;
    AlarmPolicy p{ThresholdMethod::fixed, 1.0, 2 * m, 1 * m, 15 * m};
    const auto events = make_alarms("u", {t, s, m}, 1.0, p);
    // merge: [1,4) peak 6 @3; [10,11); [20,26) peak 4 @20; [30,31) peak 8 @30
    // min 2 min: [10,11) and [30,31) dropped; dedupe 15 min: peaks 3 and 20 are 17 min apart.
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0], ev(1 * m, 4 * m, 6, 3 * m));
    EXPECT_EQ(events[1], ev(20 * m, 26 * m, 4, 20 * m));
    p.dedupe_window = 20 * m;
    const auto deduped = make_alarms("u", {t, s, m}, 1.0, p);
    ASSERT_EQ(deduped.size(), 1u);
    EXPECT_EQ(deduped[0].peak_score, 6);
}

TEST(ApplyPolicy, ThresholdFromTrainingScores) {
    const auto t = minutes(5);
    const std::vector<double> s = {1, 9, 1, 1, 12};
    std::vector<double> train;
    for (int i = 1; i <= 10; ++i) train.push_back(i);  // max 10: quantile(1.0) = 10
    AlarmPolicy p{ThresholdMethod::quantile, 1.0, 0, 0, 0};
    const auto events = apply_policy("u1", {t, s, m}, train, p);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].unit_id, "u1");
    EXPECT_EQ(events[0].peak_score, 12);
    p.value = 0.5;  // threshold 5.5 also flags the 9
    EXPECT_EQ(apply_policy("u1", {t, s, m}, train, p).size(), 2u);
}
