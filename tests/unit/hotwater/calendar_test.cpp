#include "heatloop/hotwater/calendar.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"

namespace heatloop::hotwater {
namespace {

// 2024-01-01 was a Monday.
constexpr Timestamp k_monday = 1'704'067'200'000;

std::vector<Timestamp> hourly(Timestamp from, Timestamp to) {
    std::vector<Timestamp> out;
    for (Timestamp t = from; t < to; t += 10 * k_minute_ms) out.push_back(t);
    return out;
}

TEST(LocalSlots, WeekdayAndHourInTheZone) {
    LocalSlots utc("UTC");
    EXPECT_EQ(utc(k_monday).weekday, 0u);
    EXPECT_EQ(utc(k_monday + 6 * k_day_ms + 23 * k_hour_ms).weekday, 6u);
    EXPECT_EQ(utc(k_monday + 6 * k_day_ms + 23 * k_hour_ms).hour, 23u);
    LocalSlots zurich("Europe/Zurich");  // UTC+1 in winter, +2 in summer
    EXPECT_EQ(zurich(k_monday + 6 * k_hour_ms).hour, 7u);
    const Timestamp july_monday = 1'719'792'000'000;  // 2024-07-01T00:00Z, a Monday
    EXPECT_EQ(zurich(july_monday + 6 * k_hour_ms).hour, 8u);
    LocalSlots la("America/Los_Angeles");  // Sunday evening local
    EXPECT_EQ(la(k_monday + 2 * k_hour_ms).weekday, 6u);
    EXPECT_EQ(la(k_monday + 2 * k_hour_ms).hour, 18u);
    EXPECT_THROW(LocalSlots("Mars/Olympus"), InvalidInputError);
}

TEST(BuildCalendar, ProbabilityIsDaysWithAnEventOverDaysObserved) {
    const Timestamp to = k_monday + 28 * k_day_ms;  // four weeks
    std::vector<DemandEvent> events;
    // A shower every weekday at 07:xx, two on Saturdays at 09:xx (same day counts once).
    for (int d = 0; d < 28; ++d) {
        const Timestamp day = k_monday + d * k_day_ms;
        if (d % 7 < 5) events.push_back({day + 7 * k_hour_ms + 10 * k_minute_ms, 4.0});
        if (d % 7 == 5) {
            events.push_back({day + 9 * k_hour_ms, 3.0});
            events.push_back({day + 9 * k_hour_ms + 40 * k_minute_ms, 5.0});
        }
    }
    events.push_back({to + k_hour_ms, 1.0});  // outside the window
    const auto cal = build_calendar("u1", "UTC", k_monday, to, hourly(k_monday, to), events);
    EXPECT_EQ(cal.at(0, 7).days_observed, 4);
    EXPECT_EQ(cal.at(0, 7).days_with_event, 4);
    EXPECT_DOUBLE_EQ(cal.at(0, 7).probability(), 1.0);
    EXPECT_DOUBLE_EQ(cal.at(0, 8).probability(), 0.0);
    EXPECT_EQ(cal.at(5, 9).events, 8);
    EXPECT_EQ(cal.at(5, 9).days_with_event, 4);
    EXPECT_DOUBLE_EQ(cal.at(5, 9).mean_size, 4.0);
    EXPECT_TRUE(std::isnan(cal.at(6, 7).mean_size));
    EXPECT_EQ(cal.events_used, 28);
    EXPECT_EQ(cal.events_ignored, 1);
    // Four of four days: the Wilson interval excludes 0.5 but not 1.
    EXPECT_GT(cal.at(0, 7).lower(), 0.5);
    EXPECT_DOUBLE_EQ(cal.at(0, 7).upper(), 1.0);
}

TEST(BuildCalendar, HoursWithoutDataAreNotObservedAndTheirEventsAreIgnored) {
    const Timestamp to = k_monday + 14 * k_day_ms;
    auto samples = hourly(k_monday, to);
    // The second Monday 07:00-08:00 has no data.
    const Timestamp gap = k_monday + 7 * k_day_ms + 7 * k_hour_ms;
    std::erase_if(samples, [&](Timestamp t) { return t >= gap && t < gap + k_hour_ms; });
    const std::vector<DemandEvent> events{{k_monday + 7 * k_hour_ms, 2.0},
                                          {gap + 5 * k_minute_ms, 2.0}};
    const auto cal = build_calendar("u1", "UTC", k_monday, to, samples, events);
    EXPECT_EQ(cal.at(0, 7).days_observed, 1);
    EXPECT_DOUBLE_EQ(cal.at(0, 7).probability(), 1.0);
    EXPECT_EQ(cal.events_ignored, 1);
    const auto empty = build_calendar("u1", "UTC", k_monday, to, {}, {});
    EXPECT_TRUE(std::isnan(empty.at(3, 3).probability()));
    EXPECT_DOUBLE_EQ(empty.at(3, 3).lower(), 0.0);
    EXPECT_DOUBLE_EQ(empty.at(3, 3).upper(), 1.0);
    EXPECT_THROW(build_calendar("u1", "UTC", to, k_monday, {}, {}), InvalidInputError);
}

TEST(BuildCalendar, CellsAreInLocalTime) {
    const Timestamp to = k_monday + 7 * k_day_ms;
    // 06:30 UTC is 07:30 in Zurich (winter).
    const auto cal =
        build_calendar("u1", "Europe/Zurich", k_monday, to, hourly(k_monday, to),
                       {{k_monday + 2 * k_day_ms + 6 * k_hour_ms + 30 * k_minute_ms, 1.0}});
    EXPECT_EQ(cal.at(2, 7).events, 1);
    EXPECT_EQ(cal.at(2, 6).events, 0);
}

}  // namespace
}  // namespace heatloop::hotwater
