#include "heatloop/alarms/events.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "heatloop/alarms/threshold.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::alarms {

namespace {

void check_series(std::string_view unit_id, const ScoreSeries& s) {
    if (s.time.size() != s.score.size())
        throw InvalidInputError(fmt::format("alarms for unit {}: {} timestamps but {} scores",
                                            unit_id, s.time.size(), s.score.size()));
    for (std::size_t i = 1; i < s.time.size(); ++i)
        if (s.time[i] <= s.time[i - 1])
            throw InvalidInputError(
                fmt::format("alarms for unit {}: time does not increase at sample {} ({} after {})",
                            unit_id, i, format_iso(s.time[i]), format_iso(s.time[i - 1])));
    if (s.step < 0)
        throw InvalidInputError(
            fmt::format("alarms for unit {}: step must not be negative, got {}", unit_id, s.step));
}

// The stronger of two peaks: higher score, earlier time on ties.
void take_peak(AlarmEvent& into, const AlarmEvent& other) {
    if (other.peak_score > into.peak_score ||
        (other.peak_score == into.peak_score && other.peak_time < into.peak_time)) {
        into.peak_score = other.peak_score;
        into.peak_time = other.peak_time;
    }
}

}  // namespace

Duration effective_step(const ScoreSeries& s) {
    if (s.step > 0) return s.step;
    Duration best = std::numeric_limits<Duration>::max();
    for (std::size_t i = 1; i < s.time.size(); ++i)
        best = std::min(best, s.time[i] - s.time[i - 1]);
    return best == std::numeric_limits<Duration>::max() || best <= 0 ? 1 : best;
}

std::vector<AlarmEvent> flag_runs(std::string_view unit_id, const ScoreSeries& s,
                                  double threshold) {
    check_series(unit_id, s);
    const Duration step = effective_step(s);
    std::vector<AlarmEvent> out;
    bool open = false;
    for (std::size_t i = 0; i < s.time.size(); ++i) {
        const double v = s.score[i];
        const bool flagged = !std::isnan(v) && v > threshold;
        if (!flagged) {
            open = false;
            continue;
        }
        if (open && s.time[i] - out.back().end <= 0) {
            AlarmEvent& e = out.back();
            e.end = s.time[i] + step;
            if (v > e.peak_score) e.peak_score = v, e.peak_time = s.time[i];
        } else {
            out.push_back({std::string(unit_id), s.time[i], s.time[i] + step, v, s.time[i]});
            open = true;
        }
    }
    return out;
}

std::vector<AlarmEvent> merge_close(std::vector<AlarmEvent> events, Duration gap) {
    std::vector<AlarmEvent> out;
    for (AlarmEvent& e : events) {
        if (!out.empty() && e.start - out.back().end <= gap) {
            AlarmEvent& last = out.back();
            last.end = std::max(last.end, e.end);
            take_peak(last, e);
        } else {
            out.push_back(std::move(e));
        }
    }
    return out;
}

std::vector<AlarmEvent> drop_short(std::vector<AlarmEvent> events, Duration min_duration) {
    std::erase_if(events, [&](const AlarmEvent& e) { return e.end - e.start < min_duration; });
    return events;
}

std::vector<AlarmEvent> dedupe(std::vector<AlarmEvent> events, Duration window) {
    if (window <= 0 || events.size() < 2) return events;
    std::vector<std::size_t> order(events.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (events[a].peak_score != events[b].peak_score)
            return events[a].peak_score > events[b].peak_score;
        return events[a].peak_time < events[b].peak_time;
    });
    std::vector<bool> keep(events.size(), false);
    std::vector<Timestamp> kept_peaks;
    for (std::size_t i : order) {
        const Timestamp p = events[i].peak_time;
        const bool close = std::any_of(kept_peaks.begin(), kept_peaks.end(), [&](Timestamp k) {
            return (p > k ? p - k : k - p) < window;
        });
        if (!close) keep[i] = true, kept_peaks.push_back(p);
    }
    std::vector<AlarmEvent> out;
    for (std::size_t i = 0; i < events.size(); ++i)
        if (keep[i]) out.push_back(std::move(events[i]));
    return out;
}

std::vector<AlarmEvent> make_alarms(std::string_view unit_id, const ScoreSeries& series,
                                    double threshold, const AlarmPolicy& policy) {
    validate(policy);
    auto events = flag_runs(unit_id, series, threshold);
    events = merge_close(std::move(events), policy.merge_gap);
    events = drop_short(std::move(events), policy.min_duration);
    return dedupe(std::move(events), policy.dedupe_window);
}

std::vector<AlarmEvent> apply_policy(std::string_view unit_id, const ScoreSeries& series,
                                     std::span<const double> training_scores,
                                     const AlarmPolicy& policy) {
    return make_alarms(unit_id, series, resolve_threshold(policy, training_scores), policy);
}

}  // namespace heatloop::alarms
