#pragma once
/// Household routines: who lives in a house, when they get up, leave, come back and go to
/// bed, and the hot-water draws (showers, baths, taps) of a household-specific weekly
/// routine. Routines run on local time, UTC+1 without daylight saving (k_local_offset).

#include <array>
#include <vector>

#include "heatloop/core/time.hpp"
#include "heatloop/sim/random.hpp"

namespace heatloop::sim {

/// Local time is UTC plus this offset (central European standard time all year).
inline constexpr Duration k_local_offset = k_hour_ms;

/// Day of the week of t in local time: 0 Monday ... 6 Sunday.
int local_weekday(Timestamp t) noexcept;
/// The local midnight (as a UTC timestamp) that starts the local day containing t.
Timestamp local_midnight(Timestamp t) noexcept;

/// One occupant's showering habit.
struct ShowerHabit {
    bool morning = true;                  ///< shortly after getting up, else in the evening
    double morning_offset_min = 15.0;     ///< minutes after getting up (occupants take turns)
    int evening_minute = 21 * 60;         ///< local minute of day of an evening shower
    std::array<double, 7> probability{};  ///< chance of a shower per weekday (Mon..Sun)
    double duration_min = 7.0;            ///< mean length
    double flow_l_min = 8.0;              ///< mixed flow at the shower head
    double temp_c = 39.0;                 ///< mixed water temperature
};

/// Who lives in a household and how they use hot water and electricity.
struct HouseholdProfile {
    int occupants = 2;
    int workers = 1;                 ///< occupants away on workdays
    int wake_workday = 6 * 60 + 30;  ///< local minute of day
    int wake_weekend = 8 * 60;
    int leave = 7 * 60 + 30;
    int back = 17 * 60 + 30;
    int sleep = 23 * 60;
    std::vector<ShowerHabit> showers;  ///< one habit per occupant
    double bath_probability = 0.0;     ///< chance of a bath on a Saturday or Sunday evening
    double taps_per_day = 6.0;         ///< small draws (kitchen, washbasin) per day at home
    int vacation_days = 14;            ///< days away per year, in one or two trips
    // Electricity (base_load.hpp).
    double standby_kw = 0.12;       ///< always-on devices
    double fridge_kw = 0.1;         ///< refrigerator compressor while running
    double fridge_phase_min = 0.0;  ///< where in its cycle the refrigerator starts
    double cooking_kw = 2.0;        ///< stove / oven while cooking
    double washes_per_week = 3.0;   ///< washing-machine runs per week
    double dishwasher_per_day = 0.6;
    bool dryer = false;                  ///< tumble dryer after washing
    bool electric_water_heater = false;  ///< night-tariff resistive water heater (no heat pump)
    double water_heater_kw = 2.5;
};

/// Draws a household with its weekly routine.
HouseholdProfile draw_household(Rng& rng);

/// The kinds of hot-water draw.
enum class DrawKind { shower, bath, tap };

/// One hot-water draw: mixed water at temp_c flowing at flow_l_min for `duration`.
struct DrawEvent {
    Timestamp start = 0;
    Duration duration = 0;
    double flow_l_min = 0;
    double temp_c = 40;
    DrawKind kind = DrawKind::tap;
    /// End of the draw.
    Timestamp end() const noexcept { return start + duration; }
};

/// One local day of a household.
struct DayPlan {
    Timestamp midnight = 0;  ///< local midnight as a UTC timestamp
    int weekday = 0;         ///< 0 Monday ... 6 Sunday
    bool workday = false;
    bool vacation = false;  ///< nobody home all day
    Timestamp wake = 0, sleep = 0;
    Timestamp leave = 0, back = 0;  ///< workers away in [leave, back) on workdays
};

/// An electrical appliance run: `kw` over [start, end).
struct LoadEvent {
    Timestamp start = 0, end = 0;
    double kw = 0;
};

/// A household's days, hot-water draws and appliance runs over a period (sorted by start).
struct HouseholdSchedule {
    std::vector<DayPlan> days;
    std::vector<DrawEvent> draws;
    std::vector<LoadEvent> loads;
};

/// Plans the days and hot-water draws of [start, end); appliance runs are added by
/// plan_appliances() (base_load.hpp).
HouseholdSchedule plan_routine(const HouseholdProfile& profile, Timestamp start, Timestamp end,
                               Rng& rng);

/// Occupancy at one moment.
struct Occupancy {
    int people_home = 0;
    bool awake = false;
};

/// Occupancy at t from the day plans (nobody home outside the planned days).
Occupancy occupancy_at(const HouseholdSchedule& schedule, const HouseholdProfile& profile,
                       Timestamp t) noexcept;

/// Walks a list of events forward in time and keeps the ones overlapping the current step.
template <typename Event>
class ActiveEvents {
public:
    /// Events sorted by start; the list must outlive the cursor.
    explicit ActiveEvents(const std::vector<Event>& events) : events_(&events) {}
    /// Moves to the step [t, t_end); steps must not go back in time.
    void seek(Timestamp t, Timestamp t_end) {
        std::erase_if(active_, [&](const Event* e) { return end_of(*e) <= t; });
        while (next_ < events_->size() && (*events_)[next_].start < t_end) {
            const Event& e = (*events_)[next_++];
            if (end_of(e) > t) active_.push_back(&e);
        }
    }
    /// Events overlapping the current step.
    const std::vector<const Event*>& active() const noexcept { return active_; }

private:
    static Timestamp end_of(const DrawEvent& e) noexcept { return e.end(); }
    static Timestamp end_of(const LoadEvent& e) noexcept { return e.end; }

    const std::vector<Event>* events_;
    std::size_t next_ = 0;
    std::vector<const Event*> active_;
};

}  // namespace heatloop::sim
