#include "heatloop/hotwater/steer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "heatloop/core/error.hpp"
#include "heatloop/core/param.hpp"
#include "heatloop/io/csv_writer.hpp"
#include "heatloop/hotwater/calendar_output.hpp"

namespace heatloop::hotwater {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

Timestamp ceil_to(Timestamp t, Duration step) {
    const Timestamp r = t % step;
    return r == 0 ? t : t + (r > 0 ? step - r : -r);
}

}  // namespace

double hot_water_heat_kw(const UnitFrame& frame) {
    const Channel* heat = frame.find("heat_output");
    const Channel* mode = frame.find("mode");
    if (!heat || !mode) return k_nan;
    std::vector<double> v;
    for (std::size_t i = 0; i < frame.rows(); ++i)
        if (mode->values[i] == 2.0 && heat->values[i] > 0.0) v.push_back(heat->values[i]);
    if (v.empty()) return k_nan;
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

SteerResult steer_unit(const UnitFrame& frame, const SteerOptions& o,
                       const std::vector<ShowerEvent>& events) {
    if (o.days < 1 || o.days > 366)
        throw InvalidInputError(fmt::format("--days {}: expected 1 to 366", o.days));
    const nlohmann::json given = o.params.is_null() ? nlohmann::json::object() : o.params;
    const nlohmann::json resolved = resolve_params("steering", steering_param_specs(), given);
    SteerResult r;
    r.params = SteeringParams::from_json(resolved);

    // The schedule sizes windows in litres; the events' sizes are drops of t_tank_mid in K,
    // so the calendar is built without them (each window's target is then ready_c).
    std::vector<ShowerEvent> unsized = events;
    for (ShowerEvent& e : unsized) e.size = k_nan;
    r.calendar = household_calendar(frame, o.time_zone, o.from, o.to, unsized);
    const Timestamp cal_from = r.calendar.from, cal_to = r.calendar.to;
    if (r.calendar.events_used == 0)
        throw InvalidInputError(fmt::format(
            "steer: unit {} has no shower events on the hours with t_tank_mid data in [{}, {}) "
            "({} events in all; import shower_event labels, propose them from a shower_iforest "
            "run, or pass --run; rejected labels do not count)",
            frame.unit_id(), format_iso(cal_from), format_iso(cal_to), events.size()));

    if (given.contains("heat_kw")) {
        r.heat_kw_source = "param";
    } else if (const double kw = hot_water_heat_kw(frame.slice_time(cal_from, cal_to));
               std::isfinite(kw) && kw >= 0.5) {
        r.params.heat_kw = kw;
        r.heat_kw_source = "data";
    } else {
        r.heat_kw_source = "default";
    }
    r.lead_min = lead_time_min(r.params);
    r.schedule_from = ceil_to(cal_to, k_hour_ms);
    r.days = o.days;
    r.windows = build_schedule(r.calendar, r.params, r.schedule_from, o.days);
    return r;
}

void write_schedule_csv(const SteerResult& r, io::CsvBuffer& out) {
    out.row({"unit_id", "start", "stop", "demand_start", "target_c", "probability"});
    for (const ScheduleWindow& w : r.windows) {
        out.field(r.calendar.unit_id)
            .timestamp(w.start)
            .timestamp(w.stop)
            .timestamp(w.demand_start)
            .fixed(w.target_c, 1)
            .fixed(w.probability, 3);
        out.end_row();
    }
}

nlohmann::json to_json(const SteerResult& r) {
    nlohmann::json windows = nlohmann::json::array();
    for (const ScheduleWindow& w : r.windows)
        windows.push_back({{"start", format_iso(w.start)},
                           {"stop", format_iso(w.stop)},
                           {"demand_start", format_iso(w.demand_start)},
                           {"target_c", w.target_c},
                           {"probability", w.probability}});
    return {{"unit_id", r.calendar.unit_id},
            {"time_zone", r.calendar.time_zone},
            {"calendar_from", format_iso(r.calendar.from)},
            {"calendar_to", format_iso(r.calendar.to)},
            {"events_used", r.calendar.events_used},
            {"events_ignored", r.calendar.events_ignored},
            {"schedule_from", format_iso(r.schedule_from)},
            {"schedule_to", format_iso(r.schedule_from + r.days * k_day_ms)},
            {"days", r.days},
            {"lead_min", r.lead_min},
            {"heat_kw_source", r.heat_kw_source},
            {"params", r.params.to_json()},
            {"floor",
             {{"top_c", r.params.floor_top_c},
              {"mid_c", r.params.floor_mid_c},
              {"stop_c", r.params.floor_stop_c}}},
            {"windows", std::move(windows)}};
}

}  // namespace heatloop::hotwater
