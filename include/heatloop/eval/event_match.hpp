#pragma once
/// Event-wise matching of alarms to labels: a label is detected when an alarm overlaps it
/// (extended by the tolerance after its end); an alarm is true when it overlaps a
/// ground-truth label so extended, ignored when it otherwise touches an ignore region, and
/// false otherwise.

#include <optional>
#include <span>
#include <vector>

#include "heatloop/alarms/alarm_event.hpp"
#include "heatloop/eval/ground_truth.hpp"

namespace heatloop::eval {

/// What became of one alarm.
enum class AlarmOutcome { true_alarm, false_alarm, ignored };

/// What became of one label.
struct LabelOutcome {
    EvalLabel label;
    bool detected = false;
    Duration delay = 0;  ///< first overlapping alarm's start - label start, >= 0 (when detected)
    std::optional<std::size_t> first_alarm{};  ///< index into the alarms (when detected)
};

/// The outcome of every alarm (same order as given) and of every ground-truth label and
/// every weighted (confirmed, any confidence) label.
struct EventMatch {
    std::vector<AlarmOutcome> alarms;
    std::vector<LabelOutcome> truth;
    std::vector<LabelOutcome> weighted;
};

/// Matches `alarms` against `truth` with `tolerance` after each label's end. The delay
/// uses the earliest-starting overlapping alarm; an alarm that began before the label
/// gives delay 0.
EventMatch match_events(std::span<const alarms::AlarmEvent> alarms, const UnitTruth& truth,
                        Duration tolerance);

}  // namespace heatloop::eval
