#pragma once
/// `heatloop steer` on a workspace: the demand calendar of one unit from its hot-water events
/// (by default its shower_event labels that are not rejected), then the start/stop schedule
/// for the next days. The event source is one argument, so detected showers can replace the
/// labels without touching the rest. docs/hot-water.md#steering.

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/hotwater/calendar.hpp"
#include "heatloop/hotwater/schedule.hpp"

namespace heatloop::io {
class Workspace;
class CsvBuffer;
}  // namespace heatloop::io
namespace heatloop::store {
class Db;
}

namespace heatloop::hotwater {

/// Where the events come from: the hot-water events of `frame`'s unit in [from, to).
using EventSource =
    std::function<std::vector<DemandEvent>(const UnitFrame& frame, Timestamp from, Timestamp to)>;

/// The unit's `shower_event` labels of the label store that are neither rejected nor
/// superseded, starting in [from, to), as events (size NaN).
EventSource labelled_showers(store::Db& db);

/// What to steer.
struct SteerOptions {
    std::string unit;
    std::optional<Timestamp> from, to;  ///< the calendar's window; default the data's span
    int days = 7;                       ///< days of commands after the window
    std::string time_zone;              ///< empty: the unit's time_zone metadata, else UTC
    nlohmann::json params = nlohmann::json::object();  ///< steering parameters (unresolved)
};

/// A unit's schedule and what it rests on.
struct SteerResult {
    DemandCalendar calendar;
    SteeringParams params;
    std::string heat_kw_source;  ///< "param", "data" (heat_output in hot-water mode) or "default"
    double lead_min = 0;
    Timestamp schedule_from = 0;  ///< the first instant of the commands
    int days = 0;
    std::vector<ScheduleWindow> windows;
};

/// Median heat_output [kW] while `mode` is 2 (hot water) and heat_output is positive; NaN
/// when the frame lacks either channel or such rows.
double hot_water_heat_kw(const UnitFrame& frame);

/// Builds the unit's calendar over the window from `events` and its schedule for the `days`
/// after the window (from its end rounded up to the hour). InvalidInputError when the unit
/// has no t_tank_mid values in the window or no events; NotFoundError for an unknown unit.
SteerResult steer_unit(const io::Workspace& ws, const SteerOptions& options,
                       const EventSource& events);

/// The commands as CSV: unit_id,start,stop,demand_start,target_c,probability (UTC).
void write_schedule_csv(const SteerResult& result, io::CsvBuffer& out);
/// The commands and what they rest on as JSON.
nlohmann::json to_json(const SteerResult& result);

}  // namespace heatloop::hotwater
