#pragma once
/// What an evaluation reads: the labels (an eval-side copy of the label store's fields, so
/// eval does not depend on the database) and, per unit, the run's scores, alarms, data gaps
/// and optional strata (unit type, operating mode, outdoor temperature).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/alarms/alarm_event.hpp"
#include "heatloop/core/time.hpp"

namespace heatloop::eval {

/// A half-open span [start, end).
struct Interval {
    Timestamp start = 0;
    Timestamp end = 0;
    bool operator==(const Interval&) const = default;
};

/// Review state of a label (superseded labels are not passed to eval).
enum class LabelState { proposed, confirmed, rejected };

/// "proposed", "confirmed" or "rejected".
std::string_view state_name(LabelState s);
/// The state of that name; throws InvalidInputError listing the valid names.
LabelState parse_state(std::string_view name);

/// One label as eval needs it.
struct EvalLabel {
    std::string unit_id;
    Timestamp start = 0;  ///< inclusive
    Timestamp end = 0;    ///< exclusive
    std::string category;
    double confidence = 1.0;
    LabelState status = LabelState::confirmed;
    /// The fault's kind within its category (a sensor fault's "stuck", "drift", "spike"),
    /// "" when not known; see kind_from_notes().
    std::string kind{};
    bool operator==(const EvalLabel&) const = default;
};

/// The kind a label's notes name with a `kind: WORD` tag (WORD: letters, digits, '_', '-';
/// the first tag counts), "" without one. The simulator's ground truth tags its sensor
/// faults this way ("injected: t_supply stuck for 2.4 d (kind: stuck)").
std::string kind_from_notes(std::string_view notes);

/// One unit's run output on its evaluation time axis.
struct UnitData {
    std::string unit_id;
    std::string unit_type;        ///< "" when unknown
    std::vector<Timestamp> time;  ///< strictly increasing
    std::vector<double> scores;   ///< per time; NaN = not scored
    Duration step = 0;            ///< time one sample covers; 0 = smallest spacing
    std::vector<alarms::AlarmEvent> alarms;
    std::vector<Interval> gaps;  ///< data gaps: ignore regions
    std::vector<double> mode;    ///< optional, per time: 0 off, 1 heating, 2 hot water, 3 defrost
    std::vector<double> outdoor_temp;  ///< optional, per time, degrees C
};

/// Throws InvalidInputError naming the unit when scores, mode or outdoor_temp do not match
/// the time axis, time does not increase, a gap or alarm has end <= start, or an alarm names
/// another unit.
void check(const UnitData& unit);

}  // namespace heatloop::eval
