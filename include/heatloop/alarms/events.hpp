#pragma once
/// From a score series to alarm events: flag samples above a threshold, join consecutive
/// flagged samples into events, merge events separated by small gaps, drop short events,
/// and keep only the strongest event within a dedupe window.

#include <span>
#include <string_view>
#include <vector>

#include "heatloop/alarms/alarm_event.hpp"
#include "heatloop/alarms/policy.hpp"

namespace heatloop::alarms {

/// A unit's detector scores on its time axis; NaN = not scored.
struct ScoreSeries {
    std::span<const Timestamp> time;  ///< strictly increasing
    std::span<const double> score;    ///< same length as time
    /// Time one sample covers: sample i covers [time[i], time[i] + step). 0 = the smallest
    /// positive spacing of `time` (1 ms for a single sample).
    Duration step = 0;
};

/// The step of `series` (its own, or inferred as documented on ScoreSeries::step).
Duration effective_step(const ScoreSeries& series);

/// Maximal runs of samples with score > threshold whose consecutive samples are at most one
/// step apart. Each event spans [first time, last time + step); its peak is the highest
/// score (the first one on ties). Throws InvalidInputError for mismatched lengths or a time
/// axis that does not increase strictly.
std::vector<AlarmEvent> flag_runs(std::string_view unit_id, const ScoreSeries& series,
                                  double threshold);

/// Merges events whose gap (next start - previous end) is <= `gap`; the merged event keeps
/// the higher peak (the earlier one on ties). Input sorted by start, output too.
std::vector<AlarmEvent> merge_close(std::vector<AlarmEvent> events, Duration gap);

/// Drops events with end - start < `min_duration`.
std::vector<AlarmEvent> drop_short(std::vector<AlarmEvent> events, Duration min_duration);

/// Keeps the strongest event among those whose peak times lie less than `window` apart:
/// events are taken by descending peak score (earlier peak first on ties) and kept unless a
/// kept event's peak is within `window` of theirs (the hot-water paper's 30-minute rule).
/// window 0 keeps all. Output sorted by start.
std::vector<AlarmEvent> dedupe(std::vector<AlarmEvent> events, Duration window);

/// The events for a fixed threshold: flag_runs, merge_close(merge_gap),
/// drop_short(min_duration), dedupe(dedupe_window) in that order.
std::vector<AlarmEvent> make_alarms(std::string_view unit_id, const ScoreSeries& series,
                                    double threshold, const AlarmPolicy& policy);

/// make_alarms with the threshold resolve_threshold(policy, training_scores).
std::vector<AlarmEvent> apply_policy(std::string_view unit_id, const ScoreSeries& series,
                                     std::span<const double> training_scores,
                                     const AlarmPolicy& policy);

}  // namespace heatloop::alarms
