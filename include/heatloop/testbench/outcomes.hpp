#pragma once
/// The bench's bookkeeping: when an injected failure was detected, how many false alarms
/// the clean data raised, and the KPIs of a detector (thesis: delay of detection, false
/// alarms, and the share caught within 6 hours).

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "heatloop/alarms/alarm_event.hpp"
#include "heatloop/eval/ground_truth.hpp"
#include "heatloop/testbench/injection.hpp"

namespace heatloop::testbench {

/// The delay of the first alarm that starts at or after failure.start and before
/// failure.end (alarms already running at the start do not count), or nullopt.
std::optional<Duration> detection_delay(std::span<const alarms::AlarmEvent> alarms,
                                        const InjectedFailure& failure);

/// False alarms of clean data: alarms that touch no ignore region of `truth` (labels and
/// data gaps; eval::match_events' "false" outcome).
std::size_t count_false_alarms(std::span<const alarms::AlarmEvent> alarms,
                               const eval::UnitTruth& truth);

/// What became of one injected failure.
struct FailureOutcome {
    InjectedFailure failure;
    std::optional<Duration> delay;  ///< nullopt = missed
};

/// A detector's KPIs at one threshold.
struct Kpis {
    std::size_t injected = 0;
    std::size_t detected = 0;
    std::size_t within_deadline = 0;  ///< detected with delay <= deadline
    double detected_share = 0.0;      ///< detected / injected (NaN when none injected)
    double within_deadline_share = 0.0;
    double delay_mean_h = 0.0;  ///< over detected failures; NaN when none
    double delay_median_h = 0.0;
    double delay_p90_h = 0.0;
    std::size_t false_alarms = 0;
    double evaluated_months = 0.0;             ///< clean evaluated time, unit-months
    double false_alarms_per_unit_month = 0.0;  ///< NaN when nothing was evaluated
};

/// The KPIs of failure outcomes and the clean data's false alarms over `evaluated_ms` of
/// evaluated time (months of eval::k_month_ms).
Kpis kpis_of(std::span<const FailureOutcome> outcomes, std::size_t false_alarms,
             double evaluated_ms, Duration deadline);

/// The delays of the detected failures, in hours, in outcome order.
std::vector<double> delays_h(std::span<const FailureOutcome> outcomes);

}  // namespace heatloop::testbench
