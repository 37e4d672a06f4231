#include "heatloop/hotwater/schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"

namespace heatloop::hotwater {
namespace {

constexpr Timestamp k_monday = 1'704'067'200'000;  // 2024-01-01T00:00Z, a Monday

/// A calendar in UTC with `p` = 1 at the given (weekday, hour) cells, 0 elsewhere, 4 weeks.
DemandCalendar calendar_with(std::initializer_list<std::pair<std::size_t, std::size_t>> cells,
                             const std::string& zone = "UTC") {
    DemandCalendar cal;
    cal.unit_id = "u1";
    cal.time_zone = zone;
    for (auto& c : cal.cells) c.days_observed = 4, c.mean_size = std::nan("");
    for (auto [d, h] : cells) {
        cal.cells[d * k_hours + h].days_with_event = 4;
        cal.cells[d * k_hours + h].events = 4;
    }
    return cal;
}

SteeringParams params() {
    return SteeringParams::from_json(resolve_params("steering", steering_param_specs(), nullptr));
}

TEST(Steering, DefaultsPassTheirOwnBounds) {
    const SteeringParams p = params();
    EXPECT_DOUBLE_EQ(p.comfort_c, 40.0);
    EXPECT_GE(p.floor_top_c, p.comfort_c);
    EXPECT_LE(p.floor_stop_c, p.ready_c);
    nlohmann::json bad = {{"ready_c", 90.0}};
    EXPECT_THROW(resolve_params("steering", steering_param_specs(), bad), InvalidInputError);
    nlohmann::json inverted = resolve_params("steering", steering_param_specs(), nullptr);
    inverted["floor_stop_c"] = 50.0;
    inverted["ready_c"] = 45.0;
    EXPECT_THROW(SteeringParams::from_json(inverted), InvalidInputError);
}

TEST(Steering, LeadTimeIsHeatUpFromTheFloorPlusMargin) {
    SteeringParams p = params();
    p.tank_volume_l = 200;
    p.heat_kw = 5;
    p.ready_c = 50;
    p.floor_top_c = 44;
    p.lead_margin_min = 10;
    // 200 L x 4.186/3600 kWh/(L K) x 6 K = 1.3953 kWh at 5 kW = 16.74 min, + 10.
    EXPECT_NEAR(lead_time_min(p), 200 * 4.186 / 3600 * 6 / 5 * 60 + 10, 1e-9);
    p.tank_volume_l = 400;  // twice the tank, twice the heat-up
    EXPECT_NEAR(lead_time_min(p), 2 * 200 * 4.186 / 3600 * 6 / 5 * 60 + 10, 1e-9);
}

TEST(Steering, HandMadeCalendarGivesExpectedWindows) {
    SteeringParams p = params();
    p.lead_margin_min = 0;
    p.ready_c = p.floor_top_c;  // lead time 0: windows are exactly the demand hours
    // Monday 07:00-09:00 (two adjacent hours merge) and Wednesday 21:00.
    const auto cal = calendar_with({{0, 7}, {0, 8}, {2, 21}});
    const auto w = build_schedule(cal, p, k_monday, 7);
    ASSERT_EQ(w.size(), 2u);
    EXPECT_EQ(w[0].start, k_monday + 7 * k_hour_ms);
    EXPECT_EQ(w[0].stop, k_monday + 9 * k_hour_ms);
    EXPECT_EQ(w[1].start, k_monday + 2 * k_day_ms + 21 * k_hour_ms);
    EXPECT_EQ(w[1].stop, k_monday + 2 * k_day_ms + 22 * k_hour_ms);
    EXPECT_DOUBLE_EQ(w[0].probability, 1.0);
    // Two weeks: each window twice.
    EXPECT_EQ(build_schedule(cal, p, k_monday, 14).size(), 4u);
}

TEST(Steering, StartCommandComesOneLeadTimeEarly) {
    SteeringParams p = params();
    p.lead_margin_min = 30;
    const double lead = lead_time_min(p);
    const auto w = build_schedule(calendar_with({{0, 7}}), p, k_monday, 1);
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(w[0].demand_start, k_monday + 7 * k_hour_ms);
    EXPECT_EQ(w[0].start, k_monday + 7 * k_hour_ms - std::llround(lead * k_minute_ms));
    EXPECT_LT(w[0].start, w[0].stop);
    // Never before the schedule's own start.
    const auto clipped = build_schedule(calendar_with({{0, 0}}), p, k_monday, 1);
    ASSERT_EQ(clipped.size(), 1u);
    EXPECT_EQ(clipped[0].start, k_monday);
}

TEST(Steering, LocalHoursFollowTheZone) {
    SteeringParams p = params();
    p.lead_margin_min = 0;
    p.ready_c = p.floor_top_c;
    // 07:00 in Zurich is 06:00 UTC in winter.
    const auto w = build_schedule(calendar_with({{0, 7}}, "Europe/Zurich"), p, k_monday, 1);
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(w[0].start, k_monday + 6 * k_hour_ms);
}

TEST(Steering, UnlikelyAndUnobservedHoursAreNoDemand) {
    SteeringParams p = params();
    auto cal = calendar_with({});
    cal.cells[7].days_with_event = 1;  // Monday 07: 1 of 4 days
    p.min_probability = 0.3;
    EXPECT_TRUE(build_schedule(cal, p, k_monday, 7).empty());
    p.min_probability = 0.25;
    EXPECT_EQ(build_schedule(cal, p, k_monday, 7).size(), 1u);
    cal.cells[7].days_observed = 0;  // never observed: probability NaN
    EXPECT_TRUE(build_schedule(cal, p, k_monday, 7).empty());
}

TEST(Steering, TargetGrowsWithExpectedLitres) {
    SteeringParams p = params();
    EXPECT_DOUBLE_EQ(window_target(p, std::nan("")), p.ready_c);
    EXPECT_DOUBLE_EQ(window_target(p, 10), p.ready_c);
    EXPECT_DOUBLE_EQ(window_target(p, 1e6), p.max_target_c);
    const double l = 250;
    const double expect = p.cold_c + l * (p.comfort_c - p.cold_c) / (p.usable_share * 200);
    p.tank_volume_l = 200;
    EXPECT_NEAR(window_target(p, l), std::clamp(expect, p.ready_c, p.max_target_c), 1e-9);
    // Overlapping demand merges into one window whose litres add up.
    const auto w =
        windows_for_demand({{k_monday, k_monday + k_hour_ms, 1.0, 100},
                            {k_monday + 30 * k_minute_ms, k_monday + 2 * k_hour_ms, 1.0, 150}},
                           p, k_monday - k_day_ms);
    ASSERT_EQ(w.size(), 1u);
    EXPECT_DOUBLE_EQ(w[0].litres, 250);
    EXPECT_NEAR(w[0].target_c, window_target(p, 250), 1e-9);
}

TEST(SchedulePolicy, HeatsToTargetInWindowsAndHoldsTheFloorOutside) {
    SteeringParams p = params();
    const ScheduleWindow w{
        k_monday + k_hour_ms, k_monday + 2 * k_hour_ms, k_monday + k_hour_ms, 50.0, 1.0, 0.0};
    SchedulePolicy policy({w}, p);
    const Timestamp before = k_monday, inside = k_monday + k_hour_ms + k_minute_ms,
                    after = k_monday + 3 * k_hour_ms;
    // Outside a window a tank above the floor is left to cool.
    EXPECT_FALSE(policy.update(before, p.floor_top_c + 1, p.floor_mid_c + 1, false));
    // Entering the window below the target starts heating (the start command)...
    EXPECT_TRUE(policy.update(inside, 46, 44, false));
    EXPECT_TRUE(policy.update(inside + k_minute_ms, 49, 48, false));
    // ... until the mean of top and mid reaches the target.
    EXPECT_FALSE(policy.update(inside + 2 * k_minute_ms, 51, 49.5, false));
    // A shower inside the window: heat again below target - band.
    EXPECT_TRUE(policy.update(inside + 3 * k_minute_ms, 50, 50 - 2 * p.band_k - 1, false));
    // The condensing limit ends a run.
    EXPECT_FALSE(policy.update(inside + 4 * k_minute_ms, 50, 50 - 2 * p.band_k + 1, true));
    // After the stop command: the safety floor only.
    EXPECT_FALSE(policy.update(after, p.floor_top_c + 0.5, p.floor_mid_c + 5, false));
    EXPECT_TRUE(policy.update(after + k_minute_ms, p.floor_top_c - 0.1, 30, false));
    EXPECT_TRUE(policy.update(after + 2 * k_minute_ms, p.floor_top_c, 30, false));
    EXPECT_FALSE(policy.update(after + 3 * k_minute_ms, p.floor_stop_c + 1, p.floor_stop_c, false));
    // The mid floor: the hot reserve is nearly used up.
    EXPECT_TRUE(policy.update(after + 4 * k_minute_ms, 50, p.floor_mid_c - 1, false));
}

}  // namespace
}  // namespace heatloop::hotwater
