#include "heatloop/sim/routine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "heatloop/sim/base_load.hpp"

using namespace heatloop;
using namespace heatloop::sim;

namespace {
constexpr Timestamp k_2024 = 1704067200000;  // a Monday
}

TEST(Routine, LocalCalendar) {
    EXPECT_EQ(local_weekday(k_2024), 0);                  // Monday 01:00 local
    EXPECT_EQ(local_weekday(k_2024 + 6 * k_day_ms), 6);   // Sunday
    EXPECT_EQ(local_weekday(k_2024 - 2 * k_hour_ms), 6);  // Sunday 23:00 local
    EXPECT_EQ(local_midnight(k_2024 + 5 * k_hour_ms), k_2024 - k_hour_ms);
}

TEST(Routine, ShowersFollowAHouseholdSpecificWeeklyRoutine) {
    Rng rng(11);
    HouseholdProfile p = draw_household(rng);
    p.vacation_days = 0;
    Timestamp end = k_2024 + 12 * 7 * k_day_ms;
    HouseholdSchedule s = plan_routine(p, k_2024, end, rng);
    ASSERT_EQ(s.days.size(), 12u * 7u + 1u);
    // Showers cluster in a few (weekday, hour) cells that repeat week after week.
    std::map<std::pair<int, int>, int> cells;
    int showers = 0;
    for (const DrawEvent& d : s.draws) {
        ASSERT_GT(d.duration, 0);
        ASSERT_GT(d.flow_l_min, 0.0);
        if (d.kind != DrawKind::shower) continue;
        ++showers;
        int hour = static_cast<int>(((d.start + k_local_offset) % k_day_ms) / k_hour_ms);
        ++cells[{local_weekday(d.start), hour}];
    }
    EXPECT_GT(showers, 12 * 7 * 0.4 * p.occupants);
    int top = 0;
    for (auto& [cell, n] : cells) top = std::max(top, n);
    EXPECT_GE(top, 6);  // the same weekday and hour in at least half of the weeks
    for (std::size_t i = 1; i < s.draws.size(); ++i)
        ASSERT_LE(s.draws[i - 1].start, s.draws[i].start);
    // Same seed, same routine.
    Rng again(11);
    HouseholdProfile q = draw_household(again);
    q.vacation_days = 0;
    HouseholdSchedule s2 = plan_routine(q, k_2024, end, again);
    ASSERT_EQ(s2.draws.size(), s.draws.size());
    for (std::size_t i = 0; i < s.draws.size(); ++i) EXPECT_EQ(s2.draws[i].start, s.draws[i].start);
}

namespace {

// Local minute of day of t.
double local_minute(Timestamp t) {
    return static_cast<double>((t - local_midnight(t)) / 1000) / 60.0;
}

struct Spread {
    double mean = 0, sd = 0;
    std::size_t n = 0;
};

Spread spread(const std::vector<double>& v) {
    Spread s;
    s.n = v.size();
    for (double x : v) s.mean += x / static_cast<double>(v.size());
    for (double x : v) s.sd += (x - s.mean) * (x - s.mean) / static_cast<double>(v.size() - 1);
    s.sd = std::sqrt(s.sd);
    return s;
}

// One occupant who showers every morning, 15 minutes after getting up, or every evening.
HouseholdProfile one_shower(bool morning) {
    HouseholdProfile p;
    p.occupants = 1;
    p.workers = 1;
    p.wake_workday = 6 * 60 + 30;
    p.wake_weekend = 8 * 60 + 30;
    p.vacation_days = 0;
    p.taps_per_day = 0;
    ShowerHabit h;
    h.morning = morning;
    h.morning_offset_min = 15.0;
    h.evening_minute = 21 * 60;
    h.probability.fill(1.0);
    p.showers.push_back(h);
    return p;
}

}  // namespace

TEST(Routine, MorningShowersFollowTheLaterWakeTimeOnWeekends) {
    Rng rng(3);
    const HouseholdProfile p = one_shower(true);
    const Timestamp end = k_2024 + 10 * 7 * k_day_ms;
    const HouseholdSchedule s = plan_routine(p, k_2024, end, rng);
    std::vector<double> workday, weekend;
    for (const DrawEvent& d : s.draws) {
        ASSERT_EQ(d.kind, DrawKind::shower);
        if (d.start >= end) continue;  // the plan covers whole local days
        (local_weekday(d.start) < 5 ? workday : weekend).push_back(local_minute(d.start));
    }
    ASSERT_EQ(workday.size(), 50u);  // every day, as the habit says
    ASSERT_EQ(weekend.size(), 20u);
    const Spread a = spread(workday), b = spread(weekend);
    EXPECT_NEAR(a.mean, 6 * 60 + 45, 6.0);  // wake + 15 min
    EXPECT_NEAR(b.mean, 8 * 60 + 45, 9.0);
    // Day to day the time varies (wake-up +- 12 min, the turn +- 4 min), but not wildly.
    EXPECT_GT(a.sd, 7.0);
    EXPECT_LT(a.sd, 20.0);
    EXPECT_GT(b.sd, 5.0);
}

TEST(Routine, EveningShowerTimesVaryFromDayToDay) {
    Rng rng(4);
    const HouseholdProfile p = one_shower(false);
    const Timestamp end = k_2024 + 8 * 7 * k_day_ms;
    const HouseholdSchedule s = plan_routine(p, k_2024, end, rng);
    std::vector<double> minutes;
    for (const DrawEvent& d : s.draws)
        if (d.start < end) minutes.push_back(local_minute(d.start));
    ASSERT_EQ(minutes.size(), 8u * 7u);
    const Spread e = spread(minutes);
    EXPECT_NEAR(e.mean, 21 * 60, 6.0);
    EXPECT_GT(e.sd, 9.0);  // +- 15 min
    EXPECT_LT(e.sd, 22.0);
}

TEST(Routine, DrawnHouseholdsShowerOnAWeeklyPatternWithVariation) {
    // Over many drawn households: weekend showers come later than workday ones on average
    // (later wake-up), and no household repeats its shower times to the minute.
    double later = 0;
    int households = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        Rng rng(seed);
        HouseholdProfile p = draw_household(rng);
        p.vacation_days = 0;
        const HouseholdSchedule s = plan_routine(p, k_2024, k_2024 + 6 * 7 * k_day_ms, rng);
        std::vector<double> workday, weekend;
        std::map<int, int> same_minute;
        for (const DrawEvent& d : s.draws) {
            if (d.kind != DrawKind::shower) continue;
            const double m = local_minute(d.start);
            (local_weekday(d.start) < 5 ? workday : weekend).push_back(m);
            ++same_minute[static_cast<int>(m)];
        }
        if (workday.size() < 10 || weekend.size() < 4) continue;
        ++households;
        later += spread(weekend).mean - spread(workday).mean;
        int most = 0;
        for (auto& [minute, n] : same_minute) most = std::max(most, n);
        EXPECT_LT(most, static_cast<int>(workday.size() + weekend.size()) / 4) << seed;
    }
    ASSERT_GE(households, 15);
    EXPECT_GT(later / households, 20.0);  // minutes, on average over households
}

TEST(Routine, VacationMeansNobodyHomeAndNoDraws) {
    Rng rng(5);
    HouseholdProfile p = draw_household(rng);
    p.vacation_days = 14;
    // 364 days from Monday 01:00 local: 365 local days, one year of vacation.
    HouseholdSchedule s = plan_routine(p, k_2024, k_2024 + 364 * k_day_ms, rng);
    ASSERT_EQ(s.days.size(), 365u);
    int away = 0;
    for (const DayPlan& d : s.days) {
        if (!d.vacation) continue;
        ++away;
        EXPECT_EQ(occupancy_at(s, p, d.midnight + 20 * k_hour_ms).people_home, 0);
        for (const DrawEvent& e : s.draws)
            ASSERT_FALSE(e.start >= d.midnight && e.start < d.midnight + k_day_ms);
    }
    EXPECT_EQ(away, 14);
}

TEST(BaseLoad, HouseholdElectricityIsPlausible) {
    Rng rng(21);
    HouseholdProfile p = draw_household(rng);
    p.electric_water_heater = true;
    Timestamp end = k_2024 + 28 * k_day_ms;
    HouseholdSchedule s = plan_routine(p, k_2024, end, rng);
    plan_appliances(p, s, rng);
    BaseLoad load(p, s);
    double sum = 0, lo = 1e9, hi = 0, night_heater = 0;
    int n = 0;
    for (Timestamp t = k_2024; t < end; t += k_minute_ms, ++n) {
        double kw = load.kw(t, k_minute_ms, 0.0);
        sum += kw;
        lo = std::min(lo, kw);
        hi = std::max(hi, kw);
        auto local_hour = ((t + k_local_offset) % k_day_ms) / k_hour_ms;
        if (local_hour == 23 && kw > p.water_heater_kw) ++night_heater;
    }
    EXPECT_GE(lo, p.standby_kw - 1e-9);
    EXPECT_GT(hi, 1.5);  // cooking or washing
    EXPECT_LT(hi, 12.0);
    double mean = sum / n;
    EXPECT_GT(mean, 0.15);
    EXPECT_LT(mean, 1.5);
    EXPECT_GT(night_heater, 28 * 20);  // the water heater runs late every evening
}

TEST(Routine, VacationDaysAreAYearsWorthSpreadOverTheYear) {
    // A short plan holds its share of the year's vacation, not all of it: over many
    // households with 14 days a year, a 28-day plan has 28 x 14 / 365 = 1.07 days on average
    // and most plans none. Two trips of 10 days for 21 days a year.
    double days = 0;
    int with_vacation = 0;
    const int households = 600;
    for (int h = 0; h < households; ++h) {
        Rng rng(1000 + static_cast<std::uint64_t>(h));
        HouseholdProfile p = draw_household(rng);
        p.vacation_days = 14;
        const HouseholdSchedule s = plan_routine(p, k_2024, k_2024 + 27 * k_day_ms, rng);
        ASSERT_EQ(s.days.size(), 28u);
        const auto away = std::count_if(s.days.begin(), s.days.end(),
                                        [](const DayPlan& d) { return d.vacation; });
        days += static_cast<double>(away);
        with_vacation += away > 0 ? 1 : 0;
    }
    EXPECT_NEAR(days / households, 28.0 * 14.0 / 365.0, 0.3);
    EXPECT_NEAR(static_cast<double>(with_vacation) / households, (28.0 + 13.0) / 365.0, 0.04);
    // Two years: a year's vacation in each.
    Rng rng(8);
    HouseholdProfile p = draw_household(rng);
    p.vacation_days = 21;
    const HouseholdSchedule s = plan_routine(p, k_2024, k_2024 + 729 * k_day_ms, rng);
    ASSERT_EQ(s.days.size(), 730u);
    int first = 0, second = 0;
    for (std::size_t d = 0; d < s.days.size(); ++d)
        if (s.days[d].vacation) ++(d < 365 ? first : second);
    EXPECT_GE(first, 10);  // two trips of 10 days, which may overlap
    EXPECT_LE(first, 20);
    // The second year's: its two trips (for this seed neither runs past the plan's end),
    // plus the part of a trip late in the first year that runs into it.
    EXPECT_GE(second, 10);
    EXPECT_LE(second, 30);
}
