#pragma once
/// `heatloop steer` on a unit: the demand calendar of the unit from its shower events (found by
/// hotwater::household_events, the same as `heatloop calendar`), then the start/stop schedule
/// for the next days. docs/hot-water.md#steering.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/hotwater/calendar.hpp"
#include "heatloop/hotwater/household_events.hpp"
#include "heatloop/hotwater/schedule.hpp"

namespace heatloop::io {
class CsvBuffer;
}  // namespace heatloop::io

namespace heatloop::hotwater {

/// What to steer.
struct SteerOptions {
    std::optional<Timestamp> from, to;  ///< the calendar's window; default the data's span
    int days = 7;                       ///< days of commands after the window
    std::string time_zone = "UTC";      ///< the zone of the calendar's cells
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

/// Builds the calendar of `frame`'s unit over the window from `events` (their drop sizes are
/// not litres and are not used) and its schedule for the `days` after the window (from its
/// end rounded up to the hour). InvalidInputError when the unit has no t_tank_mid values in
/// the window or no events in it.
SteerResult steer_unit(const UnitFrame& frame, const SteerOptions& options,
                       const std::vector<ShowerEvent>& events);

/// The commands as CSV: unit_id,start,stop,demand_start,target_c,probability (UTC).
void write_schedule_csv(const SteerResult& result, io::CsvBuffer& out);
/// The commands and what they rest on as JSON.
nlohmann::json to_json(const SteerResult& result);

}  // namespace heatloop::hotwater
