#include "heatloop/hotwater/calendar.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "heatloop/core/error.hpp"

namespace heatloop::hotwater {

namespace {

constexpr double k_z95 = 1.959963984540054;

/// Wilson score interval of k successes in n trials.
std::pair<double, double> wilson(int k, int n) {
    if (n <= 0) return {0.0, 1.0};
    const double p = static_cast<double>(k) / n;
    const double z2 = k_z95 * k_z95;
    const double denom = 1.0 + z2 / n;
    const double centre = (p + z2 / (2.0 * n)) / denom;
    const double half = k_z95 * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom;
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

double CalendarCell::probability() const noexcept {
    return days_observed > 0 ? static_cast<double>(days_with_event) / days_observed
                             : std::numeric_limits<double>::quiet_NaN();
}
double CalendarCell::lower() const noexcept {
    return wilson(days_with_event, days_observed).first;
}
double CalendarCell::upper() const noexcept {
    return wilson(days_with_event, days_observed).second;
}

LocalSlots::LocalSlots(const std::string& time_zone) {
    try {
        zone_ = date::locate_zone(time_zone);
    } catch (const std::exception&) {
        throw InvalidInputError(fmt::format(
            "unknown time zone '{}' (an IANA name such as Europe/Zurich, or Etc/GMT+8 for "
            "standard time 8 h behind UTC without daylight saving)",
            time_zone));
    }
}

LocalSlot LocalSlots::operator()(Timestamp t) {
    using std::chrono::milliseconds;
    if (t < begin_ || t >= end_) {
        const date::sys_info info = zone_->get_info(date::sys_time<milliseconds>{milliseconds{t}});
        begin_ = std::chrono::duration_cast<milliseconds>(info.begin.time_since_epoch()).count();
        end_ = info.end == date::sys_seconds::max()
                   ? std::numeric_limits<Timestamp>::max()
                   : std::chrono::duration_cast<milliseconds>(info.end.time_since_epoch()).count();
        offset_ms_ = std::chrono::duration_cast<milliseconds>(info.offset).count();
    }
    const Timestamp local = t + offset_ms_;
    const std::int64_t day = floor_div(local, k_day_ms);
    // 1970-01-01 was a Thursday (weekday 3 with Monday = 0).
    const auto weekday = static_cast<std::size_t>(((day % 7) + 7 + 3) % 7);
    const auto hour = static_cast<std::size_t>((local - day * k_day_ms) / k_hour_ms);
    return {weekday, hour, day};
}

DemandCalendar build_calendar(std::string unit_id, const std::string& time_zone, Timestamp from,
                              Timestamp to, const std::vector<Timestamp>& sample_times,
                              const std::vector<DemandEvent>& events) {
    if (from >= to)
        throw InvalidInputError(fmt::format("calendar of {}: the window [{}, {}) is empty", unit_id,
                                            format_iso(from), format_iso(to)));
    DemandCalendar cal;
    cal.unit_id = std::move(unit_id);
    cal.time_zone = time_zone;
    cal.from = from;
    cal.to = to;
    LocalSlots slots(time_zone);

    // Observed (local day, hour) pairs; each counts once however many samples it holds.
    std::set<std::pair<std::int64_t, std::size_t>> observed;
    for (const Timestamp t : sample_times) {
        if (t < from || t >= to) continue;
        const LocalSlot s = slots(t);
        if (observed.emplace(s.local_day, s.hour).second)
            ++cal.cells[s.weekday * k_hours + s.hour].days_observed;
    }

    std::set<std::pair<std::int64_t, std::size_t>> with_event;
    std::array<double, k_cells> size_sum{};
    std::array<int, k_cells> sized{};
    for (const DemandEvent& e : events) {
        if (e.start < from || e.start >= to) {
            ++cal.events_ignored;
            continue;
        }
        const LocalSlot s = slots(e.start);
        if (!observed.contains({s.local_day, s.hour})) {
            ++cal.events_ignored;
            continue;
        }
        CalendarCell& cell = cal.cells[s.weekday * k_hours + s.hour];
        ++cell.events;
        ++cal.events_used;
        if (with_event.emplace(s.local_day, s.hour).second) ++cell.days_with_event;
        if (std::isfinite(e.size)) {
            size_sum[s.weekday * k_hours + s.hour] += e.size;
            ++sized[s.weekday * k_hours + s.hour];
        }
    }
    for (std::size_t c = 0; c < k_cells; ++c)
        cal.cells[c].mean_size =
            sized[c] > 0 ? size_sum[c] / sized[c] : std::numeric_limits<double>::quiet_NaN();
    return cal;
}

}  // namespace heatloop::hotwater
