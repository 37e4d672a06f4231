#include "heatloop/eval/event_match.hpp"

#include <algorithm>

namespace heatloop::eval {

namespace {

bool overlaps(const alarms::AlarmEvent& a, Timestamp start, Timestamp end) {
    return a.start < end && start < a.end;
}

LabelOutcome outcome_of(const EvalLabel& l, std::span<const alarms::AlarmEvent> alarms,
                        Duration tolerance) {
    LabelOutcome o{l};
    for (std::size_t i = 0; i < alarms.size(); ++i) {
        if (!overlaps(alarms[i], l.start, l.end + tolerance)) continue;
        if (!o.detected || alarms[i].start < alarms[*o.first_alarm].start) {
            o.detected = true;
            o.first_alarm = i;
        }
    }
    if (o.detected) o.delay = std::max<Duration>(0, alarms[*o.first_alarm].start - l.start);
    return o;
}

}  // namespace

EventMatch match_events(std::span<const alarms::AlarmEvent> alarms, const UnitTruth& truth,
                        Duration tolerance) {
    EventMatch m;
    for (const EvalLabel& l : truth.truth) m.truth.push_back(outcome_of(l, alarms, tolerance));
    for (const EvalLabel& l : truth.weighted)
        m.weighted.push_back(outcome_of(l, alarms, tolerance));
    for (const auto& a : alarms) {
        const bool hits = std::any_of(truth.truth.begin(), truth.truth.end(), [&](const auto& l) {
            return overlaps(a, l.start, l.end + tolerance);
        });
        const bool ignored =
            std::any_of(truth.ignore.begin(), truth.ignore.end(),
                        [&](const Interval& i) { return overlaps(a, i.start, i.end); });
        m.alarms.push_back(hits      ? AlarmOutcome::true_alarm
                           : ignored ? AlarmOutcome::ignored
                                     : AlarmOutcome::false_alarm);
    }
    return m;
}

}  // namespace heatloop::eval
