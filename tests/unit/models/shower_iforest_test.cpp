#include "heatloop/models/detectors/shower_iforest.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/prep/resample.hpp"
#include "unit/models/tank_synthetic.hpp"

using namespace heatloop;
using namespace heatloop::models;

namespace {

// Share of showers whose highest score within 15 minutes of the start beats every score
// an hour or more away from any shower.
double showers_above_the_rest(const UnitFrame& unit, const std::vector<Timestamp>& showers,
                              const std::vector<double>& score) {
    const auto& time = unit.time();
    std::vector<bool> near(time.size(), false);
    for (Timestamp s : showers)
        for (std::size_t i = unit.lower_bound(s - k_hour_ms); i < unit.lower_bound(s + k_hour_ms);
             ++i)
            near[i] = true;
    double quiet_max = 0.0;
    for (std::size_t i = 0; i < time.size(); ++i)
        if (!near[i] && std::isfinite(score[i])) quiet_max = std::max(quiet_max, score[i]);
    int above = 0;
    for (Timestamp s : showers) {
        double best = 0.0;
        for (std::size_t i = unit.lower_bound(s); i < unit.lower_bound(s + 15 * k_minute_ms); ++i)
            if (std::isfinite(score[i])) best = std::max(best, score[i]);
        above += best > quiet_max;
    }
    return static_cast<double>(above) / static_cast<double>(showers.size());
}

}  // namespace

TEST(ShowerIForestDetector, ScoresEveryShowerAboveTapsAndHeating) {
    const auto tank = synth::tank_unit("a", 14, 1);
    ShowerIForestDetector d;
    d.fit(std::vector<UnitFrame>{tank.frame}, {.seed = 1, .threads = 2});
    const auto score = d.score(tank.frame);
    EXPECT_GE(showers_above_the_rest(tank.frame, tank.showers, score), 0.95);
}

TEST(ShowerIForestDetector, LagsFollowTheGridSoResampledDataWorks) {
    const auto tank = synth::tank_unit("a", 14, 2);
    {
        const UnitFrame coarse = prep::resample(tank.frame, {.step = 5 * k_minute_ms});
        ShowerIForestDetector d;  // "5min" is one step of 5-min data, "30min" six
        d.fit(std::vector<UnitFrame>{coarse}, {.seed = 1});
        const auto score = d.score(coarse);
        ASSERT_EQ(score.size(), coarse.rows());
        EXPECT_GE(showers_above_the_rest(coarse, tank.showers, score), 0.9);
    }
    // Hourly data: every lag is one step; scored without error.
    const UnitFrame hourly = prep::resample(tank.frame, {.step = k_hour_ms});
    ShowerIForestDetector d;
    d.fit(std::vector<UnitFrame>{hourly}, {.seed = 1});
    EXPECT_EQ(d.score(hourly).size(), hourly.rows());
}

TEST(ShowerIForestDetector, FeaturesAreClippedDropsSoRisesScoreZero) {
    ShowerIForestDetector d;
    d.configure({{"lags", {"1min", "2 steps"}}, {"accel", false}, {"fall_rate", 0}});
    EXPECT_EQ(d.feature_names(),
              (std::vector<std::string>{"mid_drop.1min", "mid_drop.2 steps", "top_drop"}));
    UnitFrame u("u");
    u.set_grid(0, k_minute_ms, 4);
    u.get_or_add("t_tank_mid").values = {50, 47, 48, 48};
    u.get_or_add("t_tank_top").values = {52, 52, 51, 52};
    const auto f = d.features(u);
    ASSERT_EQ(f.size(), 12u);
    EXPECT_TRUE(std::isnan(f[0]));  // no row before the first
    EXPECT_DOUBLE_EQ(f[3], 3.0);    // row 1: dropped 3 K over one minute
    EXPECT_DOUBLE_EQ(f[6], 0.0);    // row 2: rose 1 K: no drop
    EXPECT_DOUBLE_EQ(f[7], 2.0);    // row 2: 2 K below row 0
    EXPECT_DOUBLE_EQ(f[8], 1.0);    // row 2: top 1 K below row 0
    EXPECT_DOUBLE_EQ(f[11], 0.0);   // row 3: top back up
    EXPECT_DOUBLE_EQ(d.longest_drop(u)[3], 0.0);
}

TEST(ShowerIForestDetector, FallMinutesCountStepsFallingFastEnough) {
    ShowerIForestDetector d;
    d.configure({{"lags", {"3min"}}, {"accel", false}, {"top_channel", ""}, {"fall_rate", 0.5}});
    EXPECT_EQ(d.feature_names(), (std::vector<std::string>{"mid_drop.3min", "fall_minutes"}));
    UnitFrame u("u");
    u.set_grid(0, k_minute_ms, 6);
    u.get_or_add("t_tank_mid").values = {50, 49, 48, 47.8, 47.7, 47.6};
    const auto f = d.features(u);
    EXPECT_TRUE(std::isnan(f[5]));          // row 2: the window is not full yet
    EXPECT_DOUBLE_EQ(f[7], 2.0);            // row 3: two steps fell >= 0.5 K in the last three
    EXPECT_DOUBLE_EQ(f[9], 1.0);            // row 4: one of them left the window
    EXPECT_DOUBLE_EQ(f[11], 0.0);           // row 5: slow cooling is not falling
    EXPECT_NEAR(f[10], 48.0 - 47.6, 1e-9);  // the drop over 3 min at row 5
}

TEST(ShowerIForestDetector, OneSensorTanksAndBadParams) {
    ShowerIForestDetector d;
    d.configure({{"top_channel", ""}});
    EXPECT_EQ(d.feature_names().size(), 5u);  // three lags, acceleration, falling minutes
    auto tank = synth::tank_unit("a", 3, 3);
    tank.frame.remove("t_tank_top");
    d.fit(std::vector<UnitFrame>{tank.frame}, {});
    EXPECT_EQ(d.score(tank.frame).size(), tank.frame.rows());

    ShowerIForestDetector needs_top;
    try {
        needs_top.fit(std::vector<UnitFrame>{tank.frame}, {});
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("t_tank_top"), std::string::npos) << e.what();
    }
    EXPECT_THROW(d.configure({{"lags", {"0s"}}}), InvalidInputError);
    EXPECT_THROW(d.configure({{"lags", {"soon"}}}), InvalidInputError);
    EXPECT_THROW(d.configure({{"lags", nlohmann::json::array()}}), InvalidInputError);
    EXPECT_THROW(d.configure({{"mid_channel", ""}}), InvalidInputError);
}
