#pragma once
/// A household's shower events as the demand calendar and the household view use them: from
/// the label store (the unit's shower_event labels that are not rejected) or from a run's
/// alarms, with the drop of the tank's t_tank_mid each caused (docs/hot-water.md "Demand
/// calendar").

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/hotwater/calendar.hpp"
#include "heatloop/store/label.hpp"

namespace heatloop::store {
class LabelService;
}

namespace heatloop::hotwater {

/// The label category of a shower.
inline constexpr std::string_view k_shower_category = "shower_event";
/// The tank channel whose observed hours and drops the calendar rests on.
inline constexpr std::string_view k_tank_channel = "t_tank_mid";
/// How long after an event's end its drop of t_tank_mid is still looked for.
inline constexpr Duration k_drop_window_ms = 30 * k_minute_ms;

/// One shower event of a household.
struct ShowerEvent {
    Timestamp start = 0;
    Timestamp end = 0;  ///< exclusive
    /// t_tank_mid at the start minus its lowest value until 30 min after the end, in K (>= 0);
    /// NaN when the tank has no value there.
    double size = std::numeric_limits<double>::quiet_NaN();
    std::string status;         ///< a label's status ("proposed", "confirmed"); "alarm" for a run's
    std::int64_t label_id = 0;  ///< the label's id (0 for an alarm)
};

/// Where a household's events come from: the label store (`run_id` empty) or the alarms of
/// one run (full id) stored under `run_dir` (artifacts/<run_id>).
struct EventSource {
    std::string run_id;
    std::filesystem::path run_dir;
    /// "labels" or "run:<id>", as the outputs name their source.
    std::string name() const { return run_id.empty() ? "labels" : "run:" + run_id; }
};

/// The shower_event labels of `unit_id` among `labels` that count as events: proposed or
/// confirmed (rejected and superseded ones do not), ordered by start.
std::vector<ShowerEvent> label_events(const std::vector<store::Label>& labels,
                                      const std::string& unit_id);

/// The alarms of `unit_id` in a run's alarms.json (under `run_dir`), ordered by start.
/// NotFoundError when the run stored no alarms (e.g. a forecaster run).
std::vector<ShowerEvent> run_events(const std::filesystem::path& run_dir,
                                    const std::string& unit_id);

/// The household's events from `source`, their sizes measured on `frame`. The one place that
/// decides where events come from (a detector run on the frame when there are none is the
/// next source to add here).
std::vector<ShowerEvent> household_events(store::LabelService& labels, const UnitFrame& frame,
                                          const EventSource& source);

/// Sets each event's size from the frame's t_tank_mid (NaN where it has no value).
void measure_drops(const UnitFrame& frame, std::vector<ShowerEvent>& events);

/// The events as the calendar counts them (start and size).
std::vector<DemandEvent> demand_events(const std::vector<ShowerEvent>& events);

}  // namespace heatloop::hotwater
