#pragma once
/// The demand calendar of one household as `heatloop calendar` writes it and the web app's
/// household view serves it: built over the hours the tank's t_tank_mid was observed, and
/// its CSV, JSON and self-contained HTML heat map (docs/hot-water.md "Demand calendar").

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/hotwater/calendar.hpp"
#include "heatloop/hotwater/household_events.hpp"

namespace heatloop::hotwater {

/// Cells observed on fewer days than this are drawn hatched in the heat map (few weeks of
/// evidence).
inline constexpr int k_few_days_observed = 4;

/// "Monday" .. "Sunday" for weekday 0..6.
std::string_view weekday_name(std::size_t weekday);

/// The calendar of the household of `frame` over [from, to) (default: the frame's span) in
/// `time_zone`: an hour counts as observed when t_tank_mid has a value in it. Throws
/// InvalidInputError naming the unit when it has no t_tank_mid channel, when the window is
/// empty, or when t_tank_mid has no value in it.
DemandCalendar household_calendar(const UnitFrame& frame, const std::string& time_zone,
                                  std::optional<Timestamp> from, std::optional<Timestamp> to,
                                  const std::vector<ShowerEvent>& events);

/// The calendar as JSON: unit_id, time_zone, from, to (ISO 8601 UTC), source, events_used,
/// events_ignored, and `cells`: 168 objects (weekday 0 = Monday .. 6, hour 0..23, in that
/// order) with probability, days_observed, days_with_event, events, lower, upper and
/// mean_size (null where not a number).
nlohmann::json calendar_json(const DemandCalendar& cal, std::string_view source);

/// The calendar as CSV: a header and 168 rows of weekday, hour, probability, days_observed,
/// days_with_event, events, lower, upper, mean_size (empty where not a number).
std::string calendar_csv(const DemandCalendar& cal);

/// A self-contained HTML page (inline SVG and CSS, no scripts, nothing fetched): the 7 x 24
/// heat map, each cell coloured by its probability, hatched when observed on fewer than
/// k_few_days_observed days, grey when never observed, its numbers in a tooltip (<title>).
std::string calendar_html(const DemandCalendar& cal, std::string_view source);

/// Writes calendar.csv, calendar.json and calendar.html into `dir` (created when missing);
/// each file appears under its name only when complete. Returns the three paths; IoError
/// naming the file that could not be written.
std::vector<std::filesystem::path> write_calendar(const std::filesystem::path& dir,
                                                  const DemandCalendar& cal,
                                                  std::string_view source);

}  // namespace heatloop::hotwater
