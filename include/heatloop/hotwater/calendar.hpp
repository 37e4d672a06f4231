#pragma once
/// The demand calendar: per household, the probability that a hot-water event (a shower)
/// starts in each weekday x hour of its local time, from the events detected (or labelled)
/// over a window, with how much evidence each cell rests on.

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "heatloop/core/time.hpp"

namespace date {
class time_zone;
}

namespace heatloop::hotwater {

inline constexpr std::size_t k_weekdays = 7;
inline constexpr std::size_t k_hours = 24;
inline constexpr std::size_t k_cells = k_weekdays * k_hours;

/// One hot-water event: when it started and how large it was (e.g. the drop of t_tank_mid
/// in K, or litres when known; NaN when unknown).
struct DemandEvent {
    Timestamp start = 0;
    double size = 0.0;
};

/// One weekday x hour cell (weekday 0 = Monday .. 6 = Sunday, hour 0..23, local time).
struct CalendarCell {
    /// Local days of this weekday on which this hour was observed (the unit had data in it).
    int days_observed = 0;
    /// Of those, the days with at least one event starting in this hour.
    int days_with_event = 0;
    /// Events starting in this hour on observed days (several a day count each).
    int events = 0;
    /// Mean size of those events (NaN when none or sizes unknown).
    double mean_size = 0.0;

    /// days_with_event / days_observed; NaN when the cell was never observed.
    double probability() const noexcept;
    /// Wilson score interval (95%) of the probability: [lower, upper]; [0, 1] when never
    /// observed. Its width is the cell's uncertainty: few observed weeks, wide interval.
    double lower() const noexcept;
    double upper() const noexcept;
};

/// A household's demand calendar over [from, to).
struct DemandCalendar {
    std::string unit_id;
    std::string time_zone;  ///< IANA zone the cells are in
    Timestamp from = 0, to = 0;
    std::array<CalendarCell, k_cells> cells{};
    int events_used = 0;     ///< events inside the window on observed hours
    int events_ignored = 0;  ///< events outside the window or on hours without data

    const CalendarCell& at(std::size_t weekday, std::size_t hour) const {
        return cells.at(weekday * k_hours + hour);
    }
};

/// The local weekday (0 = Monday) and hour of a UTC instant in `time_zone`.
struct LocalSlot {
    std::size_t weekday = 0, hour = 0;
    std::int64_t local_day = 0;  ///< local days since 1970-01-01
};

/// Converts UTC instants to local weekday x hour slots of one zone, reusing the offset
/// while it holds (fast over long, sorted series). Throws InvalidInputError for an unknown
/// zone.
class LocalSlots {
public:
    explicit LocalSlots(const std::string& time_zone);
    LocalSlot operator()(Timestamp t);

private:
    const date::time_zone* zone_;
    Timestamp begin_ = 1, end_ = 0, offset_ms_ = 0;
};

/// Builds the calendar of one household over [from, to) in `time_zone`. `sample_times` are
/// the instants at which the household's tank series has a value: a local hour counts as
/// observed on a day when at least one sample falls in it. `events` need not be sorted.
DemandCalendar build_calendar(std::string unit_id, const std::string& time_zone, Timestamp from,
                              Timestamp to, const std::vector<Timestamp>& sample_times,
                              const std::vector<DemandEvent>& events);

}  // namespace heatloop::hotwater
