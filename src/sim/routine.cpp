#include "heatloop/sim/routine.hpp"

#include <algorithm>
#include <cmath>

namespace heatloop::sim {

namespace {

constexpr int k_days_a_year = 365;

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

Duration minutes(double m) noexcept {
    return static_cast<Duration>(std::llround(m * 60.0)) * 1000;
}

int pick_occupants(Rng& rng) {
    double u = rng.uniform();
    if (u < 0.20) return 1;
    if (u < 0.55) return 2;
    if (u < 0.73) return 3;
    if (u < 0.93) return 4;
    return 5;
}

ShowerHabit draw_habit(Rng& rng) {
    ShowerHabit h;
    h.morning = rng.bernoulli(0.65);
    h.evening_minute = static_cast<int>(rng.uniform(19.5 * 60, 22.5 * 60));
    double p = rng.uniform(0.55, 0.95);
    double weekend = std::clamp(p + rng.uniform(-0.25, 0.1), 0.2, 1.0);
    for (int d = 0; d < 7; ++d) h.probability[static_cast<std::size_t>(d)] = d < 5 ? p : weekend;
    h.duration_min = rng.uniform(5.0, 11.0);
    h.flow_l_min = rng.uniform(6.0, 10.0);
    h.temp_c = rng.uniform(37.5, 41.0);
    return h;
}

}  // namespace

int local_weekday(Timestamp t) noexcept {
    auto days = floor_div(t + k_local_offset, k_day_ms);
    return static_cast<int>(((days + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
}

Timestamp local_midnight(Timestamp t) noexcept {
    return floor_div(t + k_local_offset, k_day_ms) * k_day_ms - k_local_offset;
}

HouseholdProfile draw_household(Rng& rng) {
    HouseholdProfile h;
    h.occupants = pick_occupants(rng);
    if (h.occupants == 1)
        h.workers = rng.bernoulli(0.65) ? 1 : 0;
    else if (rng.bernoulli(0.25))
        h.workers = 0;  // retired or working from home
    else
        h.workers = rng.bernoulli(0.5) ? h.occupants : h.occupants - 1;
    h.wake_workday = static_cast<int>(rng.uniform(6.0 * 60, 7.25 * 60));
    h.wake_weekend = h.wake_workday + static_cast<int>(rng.uniform(60, 150));
    h.leave = h.wake_workday + static_cast<int>(rng.uniform(45, 75));
    h.back = static_cast<int>(rng.uniform(16.5 * 60, 18.5 * 60));
    h.sleep = static_cast<int>(rng.uniform(22.0 * 60, 23.75 * 60));
    // One bathroom: occupants take turns, in the morning and in the evening.
    double evening_base = rng.uniform(19.0 * 60, 21.0 * 60);
    int mornings = 0, evenings = 0;
    for (int i = 0; i < h.occupants; ++i) {
        ShowerHabit habit = draw_habit(rng);
        habit.morning_offset_min = 5.0 + 20.0 * mornings + rng.uniform(0.0, 10.0);
        habit.evening_minute =
            static_cast<int>(evening_base + 25.0 * evenings + rng.uniform(0, 10));
        ++(habit.morning ? mornings : evenings);
        h.showers.push_back(habit);
    }
    // Some occupants shower after sport on one or two fixed evenings a week.
    if (rng.bernoulli(0.3)) {
        ShowerHabit sport = draw_habit(rng);
        sport.morning = false;
        sport.probability.fill(0.0);
        sport.probability[static_cast<std::size_t>(rng.uniform_int(0, 4))] = 0.9;
        if (rng.bernoulli(0.5))
            sport.probability[static_cast<std::size_t>(rng.uniform_int(0, 6))] = 0.9;
        h.showers.push_back(sport);
    }
    h.bath_probability = rng.bernoulli(0.25) ? rng.uniform(0.2, 0.5) : 0.0;
    h.taps_per_day = (3.0 + 2.5 * h.occupants) * rng.uniform(0.7, 1.3);
    static constexpr std::array<int, 4> k_vacation{0, 7, 14, 21};
    h.vacation_days = k_vacation[static_cast<std::size_t>(rng.uniform_int(0, 3))];
    h.standby_kw = rng.uniform(0.06, 0.25);
    h.fridge_kw = rng.uniform(0.07, 0.15);
    h.fridge_phase_min = rng.uniform(0.0, 45.0);
    h.cooking_kw = rng.uniform(1.5, 3.0);
    h.washes_per_week = h.occupants * rng.uniform(0.6, 1.4);
    h.dishwasher_per_day = rng.bernoulli(0.75) ? rng.uniform(0.3, 1.0) : 0.0;
    h.dryer = rng.bernoulli(0.35);
    h.water_heater_kw = rng.uniform(2.0, 3.5);
    return h;
}

HouseholdSchedule plan_routine(const HouseholdProfile& p, Timestamp start, Timestamp end,
                               Rng& rng) {
    HouseholdSchedule s;
    Timestamp first = local_midnight(start);
    auto n_days = static_cast<int>(floor_div(end - first + k_day_ms - 1, k_day_ms));
    // Vacations: vacation_days a year, in one trip or two when there are three weeks of it.
    // Each trip starts on a day of the year (365 days from the plan's first day, then the
    // next year), and a trip late in the first year also covers the plan's first days (the
    // same trip a year earlier): a plan of n days holds n x vacation_days / 365 of them on
    // average, whatever its length, rather than a whole year's vacation in a short plan.
    std::vector<std::pair<int, int>> trips;
    if (p.vacation_days > 0) {
        int parts = p.vacation_days >= 21 ? 2 : 1;
        int len = p.vacation_days / parts;
        for (int year = 0; year * k_days_a_year < n_days; ++year)
            for (int i = 0; i < parts; ++i) {
                int first_day =
                    year * k_days_a_year + static_cast<int>(rng.uniform_int(0, k_days_a_year - 1));
                trips.emplace_back(first_day, len);
                if (year == 0) trips.emplace_back(first_day - k_days_a_year, len);
            }
    }
    auto on_vacation = [&](int day) {
        return std::any_of(trips.begin(), trips.end(),
                           [&](auto tr) { return day >= tr.first && day < tr.first + tr.second; });
    };
    for (int d = 0; d < n_days; ++d) {
        DayPlan day;
        day.midnight = first + d * k_day_ms;
        day.weekday = local_weekday(day.midnight);
        day.workday = day.weekday < 5;
        day.vacation = on_vacation(d);
        double wake = (day.workday ? p.wake_workday : p.wake_weekend) + rng.normal(0.0, 12.0);
        double sleep = std::min(p.sleep + rng.normal(0.0, 20.0), 23.9 * 60);
        day.wake = day.midnight + minutes(wake);
        day.sleep = day.midnight + minutes(sleep);
        day.leave = day.back = day.wake;
        if (day.workday && p.workers > 0) {
            day.leave = day.midnight + minutes(p.leave + rng.normal(0.0, 10.0));
            day.back = day.midnight + minutes(p.back + rng.normal(0.0, 30.0));
        }
        s.days.push_back(day);
        if (day.vacation) continue;
        auto nobody_home = [&](Timestamp t) {
            return p.workers >= p.occupants && t >= day.leave && t < day.back;
        };
        for (const ShowerHabit& h : p.showers) {
            if (!rng.bernoulli(h.probability[static_cast<std::size_t>(day.weekday)])) continue;
            Timestamp t = h.morning
                              ? day.wake + minutes(h.morning_offset_min + rng.normal(0.0, 4.0))
                              : day.midnight + minutes(h.evening_minute + rng.normal(0.0, 15.0));
            double dur = std::max(2.0, rng.normal(h.duration_min, 1.5));
            if (nobody_home(t)) continue;
            s.draws.push_back({t, minutes(dur), h.flow_l_min * rng.uniform(0.92, 1.08), h.temp_c,
                               DrawKind::shower});
        }
        if (day.weekday >= 5 && rng.bernoulli(p.bath_probability)) {
            Timestamp t = day.midnight + minutes(19.5 * 60 + rng.uniform(0.0, 90.0));
            s.draws.push_back({t, minutes(rng.uniform(8.0, 12.0)), 10.0, 40.0, DrawKind::bath});
        }
        int taps = rng.poisson(p.taps_per_day);
        for (int i = 0; i < taps; ++i) {
            double slot = rng.uniform();
            double minute;
            if (slot < 0.25)
                minute = wake + rng.uniform(0.0, 40.0);  // breakfast, washbasin
            else if (slot < 0.4)
                minute = 12.0 * 60 + rng.normal(0.0, 40.0);  // lunch
            else if (slot < 0.75)
                minute = 18.5 * 60 + rng.uniform(0.0, 150.0);  // dinner and dishes
            else
                minute = rng.uniform(wake, sleep);
            Timestamp t = day.midnight + minutes(minute);
            Duration dur = minutes(rng.uniform(0.3, 2.5));
            double flow = rng.uniform(3.0, 6.0), temp = rng.uniform(38.0, 50.0);
            if (nobody_home(t) || t < day.wake || t >= day.sleep) continue;
            s.draws.push_back({t, dur, flow, temp, DrawKind::tap});
        }
    }
    std::stable_sort(s.draws.begin(), s.draws.end(),
                     [](const DrawEvent& a, const DrawEvent& b) { return a.start < b.start; });
    return s;
}

Occupancy occupancy_at(const HouseholdSchedule& s, const HouseholdProfile& p,
                       Timestamp t) noexcept {
    if (s.days.empty()) return {};
    auto i = floor_div(local_midnight(t) - s.days.front().midnight, k_day_ms);
    if (i < 0 || i >= static_cast<std::int64_t>(s.days.size())) return {};
    const DayPlan& d = s.days[static_cast<std::size_t>(i)];
    if (d.vacation) return {};
    Occupancy o;
    o.awake = t >= d.wake && t < d.sleep;
    o.people_home = p.occupants;
    if (t >= d.leave && t < d.back) o.people_home -= p.workers;
    return o;
}

}  // namespace heatloop::sim
