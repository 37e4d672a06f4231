#include "heatloop/testbench/outcomes.hpp"

#include <cmath>

#include "heatloop/core/quantile.hpp"
#include "heatloop/eval/event_match.hpp"
#include "heatloop/eval/metrics.hpp"

namespace heatloop::testbench {

std::optional<Duration> detection_delay(std::span<const alarms::AlarmEvent> alarms,
                                        const InjectedFailure& failure) {
    std::optional<Duration> best;
    for (const alarms::AlarmEvent& a : alarms) {
        if (a.unit_id != failure.unit_id) continue;
        if (a.start < failure.start || a.start >= failure.end) continue;
        const Duration d = a.start - failure.start;
        if (!best || d < *best) best = d;
    }
    return best;
}

std::size_t count_false_alarms(std::span<const alarms::AlarmEvent> alarms,
                               const eval::UnitTruth& truth) {
    const eval::EventMatch m = eval::match_events(alarms, truth, 0);
    std::size_t n = 0;
    for (eval::AlarmOutcome o : m.alarms) n += o == eval::AlarmOutcome::false_alarm ? 1 : 0;
    return n;
}

std::vector<double> delays_h(std::span<const FailureOutcome> outcomes) {
    std::vector<double> out;
    for (const FailureOutcome& o : outcomes)
        if (o.delay) out.push_back(static_cast<double>(*o.delay) / k_hour_ms);
    return out;
}

Kpis kpis_of(std::span<const FailureOutcome> outcomes, std::size_t false_alarms,
             double evaluated_ms, Duration deadline) {
    const double nan = std::nan("");
    Kpis k;
    k.injected = outcomes.size();
    for (const FailureOutcome& o : outcomes) {
        if (!o.delay) continue;
        ++k.detected;
        if (*o.delay <= deadline) ++k.within_deadline;
    }
    const auto share = [&](std::size_t n) {
        return k.injected ? static_cast<double>(n) / static_cast<double>(k.injected) : nan;
    };
    k.detected_share = share(k.detected);
    k.within_deadline_share = share(k.within_deadline);
    const std::vector<double> d = delays_h(outcomes);
    k.delay_mean_h = mean(d);
    k.delay_median_h = quantile(d, 0.5);
    k.delay_p90_h = quantile(d, 0.9);
    k.false_alarms = false_alarms;
    k.evaluated_months = evaluated_ms / eval::k_month_ms;
    k.false_alarms_per_unit_month =
        evaluated_ms > 0 ? static_cast<double>(false_alarms) / k.evaluated_months : nan;
    return k;
}

}  // namespace heatloop::testbench
