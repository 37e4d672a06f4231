// Alarm attribution from a run output's score channels ("score.<name>").

#include "heatloop/runner/run_outputs.hpp"

#include <gtest/gtest.h>

using namespace heatloop;
using namespace heatloop::runner;

TEST(RunOutputs, ScoreChannelsAreNamedUnderScore) {
    EXPECT_EQ(score_channel_name("residual.t_supply"), "score.residual.t_supply");
}

TEST(RunOutputs, AlarmChannelsRankTheScoreChannelsOverTheAlarm) {
    UnitFrame f("u1");
    f.set_grid(0, 10, 6);  // 0, 10, ..., 50
    f.get_or_add("score").values = {0, 0, 5, 5, 0, 0};
    f.get_or_add(score_channel_name("a")).values = {9, 9, 1, -1, 9, 9};
    f.get_or_add(score_channel_name("b")).values = {0, 0, -4, k_missing, 0, 0};
    f.get_or_add(score_channel_name("c")).values = {0, 0, k_missing, k_missing, 0, 0};
    f.get_or_add("mode").values = {1, 1, 1, 1, 1, 1};     // not a score channel
    const alarms::AlarmEvent alarm{"u1", 20, 40, 5, 20};  // rows 2 and 3
    const std::vector<ChannelShare> got = alarm_channels(f, alarm);
    ASSERT_EQ(got.size(), 2u);  // c has no value over the alarm
    EXPECT_EQ(got[0].channel, "b");
    EXPECT_DOUBLE_EQ(got[0].mean_abs, 4.0);
    EXPECT_EQ(got[1].channel, "a");
    EXPECT_DOUBLE_EQ(got[1].mean_abs, 1.0);
    UnitFrame plain("u2");
    plain.set_grid(0, 10, 6);
    plain.get_or_add("score");
    EXPECT_TRUE(alarm_channels(plain, alarm).empty());
}
