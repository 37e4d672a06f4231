#pragma once
/// An alarm event: a half-open span of one unit's time where an alarm policy flagged the
/// detector's scores, with the strongest score inside it.

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "heatloop/core/time.hpp"

namespace heatloop::alarms {

/// One alarm raised for a unit.
struct AlarmEvent {
    std::string unit_id;
    Timestamp start = 0;      ///< first flagged instant (inclusive)
    Timestamp end = 0;        ///< end of the last flagged sample (exclusive)
    double peak_score = 0.0;  ///< highest score inside [start, end)
    Timestamp peak_time = 0;  ///< when the peak occurred (first occurrence on ties)
    bool operator==(const AlarmEvent&) const = default;
};

/// {"unit_id", "start", "end", "peak_score", "peak_time"}; times as ISO 8601 UTC text.
nlohmann::json to_json(const AlarmEvent& event);

/// The event of a to_json() object (times as ISO text or epoch milliseconds); throws
/// InvalidInputError naming the missing or bad field, or an end not after its start.
AlarmEvent alarm_from_json(const nlohmann::json& j);

}  // namespace heatloop::alarms
