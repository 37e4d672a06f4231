#include "heatloop/eval/curve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "heatloop/alarms/events.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/quantile.hpp"
#include "heatloop/eval/unit_eval.hpp"

namespace heatloop::eval {

namespace {

struct Prepared {
    const UnitData* unit;
    UnitTruth truth;
    double evaluated_ms;
};

CurvePoint point_of(const std::vector<Prepared>& units,
                    const std::vector<std::vector<alarms::AlarmEvent>>& alarms,
                    const EvalOptions& o) {
    Tally t;
    for (std::size_t u = 0; u < units.size(); ++u) {
        const EventMatch m = match_events(alarms[u], units[u].truth, o.tolerance);
        for (const auto& l : m.truth) t.add_truth(l, o.deadline);
        for (auto a : m.alarms) t.add_alarm(a);
        t.evaluated_ms += units[u].evaluated_ms;
    }
    const Metrics m = metrics_of(t, std::nan(""), std::nan(""));
    CurvePoint p;
    p.alarms = t.true_alarms + t.false_alarms + t.ignored_alarms;
    p.median_delay_h = m.delay_median_h;
    p.detected_within_deadline = m.detected_within_deadline;
    p.false_alarms_per_unit_month = m.false_alarms_per_unit_month;
    p.event_recall = m.event_recall;
    p.event_precision = m.event_precision;
    return p;
}

}  // namespace

std::vector<double> default_curve_quantiles() {
    return {0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999};
}

DelayFalseAlarmCurve delay_false_alarm_curve(std::span<const UnitData> units,
                                             std::span<const EvalLabel> all_labels,
                                             const alarms::AlarmPolicy& policy,
                                             const EvalOptions& options,
                                             std::span<const double> quantiles) {
    const std::vector<EvalLabel> kept = labels_evaluated(all_labels, options);
    const std::span<const EvalLabel> labels = kept;
    alarms::validate(policy);
    validate(options);
    for (double q : quantiles)
        if (!(q >= 0.0 && q <= 1.0))
            throw InvalidInputError(
                fmt::format("delay/false-alarm curve: quantile must be in [0, 1], got {}", q));
    std::vector<Prepared> prepared;
    std::vector<double> pooled;
    std::vector<std::vector<alarms::AlarmEvent>> own;
    for (const UnitData& u : units) {
        const UnitEvaluation e = evaluate_unit(u, labels, options);
        prepared.push_back({&u, e.truth, e.tally.evaluated_ms});
        pooled.insert(pooled.end(), u.scores.begin(), u.scores.end());
        own.push_back(u.alarms);
    }
    DelayFalseAlarmCurve curve;
    curve.operating_point = point_of(prepared, own, options);
    curve.operating_point.quantile = std::nan("");
    curve.operating_point.threshold =
        policy.method == alarms::ThresholdMethod::fixed ? policy.value : std::nan("");

    std::vector<double> qs(quantiles.begin(), quantiles.end());
    std::sort(qs.begin(), qs.end());
    const std::vector<double> thresholds = heatloop::quantiles(pooled, qs);
    for (std::size_t k = 0; k < qs.size(); ++k) {
        if (std::isnan(thresholds[k])) continue;  // no finite score at all
        std::vector<std::vector<alarms::AlarmEvent>> swept;
        for (const Prepared& p : prepared)
            swept.push_back(alarms::make_alarms(p.unit->unit_id,
                                                {p.unit->time, p.unit->scores, p.unit->step},
                                                thresholds[k], policy));
        CurvePoint point = point_of(prepared, swept, options);
        point.quantile = qs[k];
        point.threshold = thresholds[k];
        curve.points.push_back(point);
    }
    return curve;
}

}  // namespace heatloop::eval
