#include "heatloop/testbench/protocol.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "heatloop/alarms/events.hpp"
#include "heatloop/alarms/threshold.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/progress.hpp"
#include "heatloop/core/quantile.hpp"
#include "heatloop/eval/curve.hpp"
#include "heatloop/eval/ground_truth.hpp"
#include "heatloop/models/registry.hpp"
#include "heatloop/testbench/time_constant.hpp"

namespace heatloop::testbench {

namespace {

// A unit's clean data as a detector sees it: scores, ignore regions, evaluated time.
struct CleanUnit {
    std::vector<double> scores;
    eval::UnitTruth truth;
    double evaluated_ms = 0.0;
};

// The scores of an injected copy around its failure (what alarms at/after t0 depend on).
struct FailureWindow {
    std::size_t unit = 0;
    std::size_t begin = 0;  // first row of the window on the unit's grid
    std::vector<double> scores;
};

// Labels the clean data is not judged on: every label but rejected ones becomes an ignore
// region (status proposed), so alarms there are neither true nor false.
std::vector<eval::EvalLabel> as_ignore(std::span<const eval::EvalLabel> labels) {
    std::vector<eval::EvalLabel> out;
    for (eval::EvalLabel l : labels) {
        if (l.status == eval::LabelState::rejected) continue;
        l.status = eval::LabelState::proposed;
        out.push_back(std::move(l));
    }
    return out;
}

// Normal operation only: rows inside labels that are not rejected become missing.
UnitFrame masked_frame(const BenchUnit& u) {
    UnitFrame f = u.frame;
    for (const eval::EvalLabel& l : u.labels) {
        if (l.status == eval::LabelState::rejected || l.unit_id != f.unit_id()) continue;
        const std::size_t b = f.lower_bound(l.start), e = f.lower_bound(l.end);
        for (Channel& c : f.channels())
            std::fill(c.values.begin() + static_cast<std::ptrdiff_t>(b),
                      c.values.begin() + static_cast<std::ptrdiff_t>(e), k_missing);
    }
    return f;
}

std::vector<eval::Interval> whole_row_gaps(const UnitFrame& f) {
    std::vector<eval::Interval> out;
    for (const GapSpan& g : f.gaps())
        if (g.channel.empty()) out.push_back({g.start, g.end});
    return out;
}

class DetectorBench {
public:
    DetectorBench(std::span<const BenchUnit> units, std::span<const UnitFrame> training,
                  std::span<const InjectedFailure> failures,
                  std::span<const std::size_t> failure_unit, const BenchOptions& options)
        : units_(units),
          training_(training),
          failures_(failures),
          failure_unit_(failure_unit),
          options_(options) {}

    DetectorResult run(const BenchDetector& d) {
        const auto started = std::chrono::steady_clock::now();
        DetectorResult r;
        r.detector = d;
        try {
            score(d);
            r.threshold = alarms::resolve_threshold(d.policy, pooled_);
            std::vector<FailureOutcome> outcomes;
            r.operating_point = point_at(d.policy, r.threshold, outcomes);
            r.operating_point.quantile = std::nan("");
            r.kpis = r.operating_point.kpis;
            r.outcomes = std::move(outcomes);
            std::vector<double> qs = options_.quantiles;
            std::sort(qs.begin(), qs.end());
            const std::vector<double> thresholds = heatloop::quantiles(pooled_, qs);
            for (std::size_t k = 0; k < qs.size(); ++k) {
                if (std::isnan(thresholds[k])) continue;
                std::vector<FailureOutcome> swept;
                CurvePoint p = point_at(d.policy, thresholds[k], swept);
                p.quantile = qs[k];
                r.curve.push_back(p);
            }
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::invalid_input && e.kind() != ErrorKind::not_found) throw;
            r.error = e.what();
        }
        r.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return r;
    }

private:
    void status(const std::string& s) const {
        if (options_.status) options_.status(s);
    }

    // Fits on the masked clean data, scores the clean units and every injected copy.
    void score(const BenchDetector& d) {
        auto detector = models::make_detector(d.name, d.params);
        status(fmt::format("{}: fitting on {} units", d.name, training_.size()));
        detector->fit(training_, models::ModelContext{d.seed, std::max(1, options_.threads)});
        status(fmt::format("{}: scoring {} clean units and {} injected failures", d.name,
                           units_.size(), failures_.size()));
        Progress progress(d.name, units_.size() + failures_.size(), options_.progress);
        clean_.clear();
        pooled_.clear();
        for (const BenchUnit& u : units_) {
            CleanUnit c;
            c.scores = detector->score(u.frame);
            const eval::UnitData data{u.frame.unit_id(),
                                      u.unit_type,
                                      u.frame.time(),
                                      c.scores,
                                      u.frame.step(),
                                      {},
                                      whole_row_gaps(u.frame),
                                      {},
                                      {}};
            const std::vector<eval::EvalLabel> ignore = as_ignore(u.labels);
            c.truth = eval::split_labels(data, ignore, eval::EvalOptions{});
            const eval::PointMasks masks = eval::point_masks(data, c.truth);
            std::size_t evaluated = 0;
            for (std::size_t i = 0; i < masks.evaluated.size(); ++i)
                if (masks.evaluated[i]) {
                    ++evaluated;
                    pooled_.push_back(c.scores[i]);
                }
            c.evaluated_ms = static_cast<double>(evaluated) * static_cast<double>(u.frame.step());
            clean_.push_back(std::move(c));
            progress.add();
        }
        // Alarms starting at or after t0 depend on the scores since a little before it
        // (merged and deduplicated neighbours): keep that much of each injected copy.
        windows_.clear();
        for (std::size_t k = 0; k < failures_.size(); ++k) {
            const UnitFrame& clean = units_[failure_unit_[k]].frame;
            const UnitFrame injected = inject_failure(clean, failures_[k]);
            const std::vector<double> s = detector->score(injected);
            const Duration context =
                k_day_ms + d.policy.merge_gap + d.policy.dedupe_window + d.policy.min_duration;
            const std::size_t b = clean.lower_bound(failures_[k].start - context);
            const std::size_t e = clean.lower_bound(failures_[k].end);
            windows_.push_back({failure_unit_[k], b,
                                std::vector<double>(s.begin() + static_cast<std::ptrdiff_t>(b),
                                                    s.begin() + static_cast<std::ptrdiff_t>(e))});
            progress.add();
        }
    }

    CurvePoint point_at(const alarms::AlarmPolicy& policy, double threshold,
                        std::vector<FailureOutcome>& outcomes) const {
        std::size_t false_alarms = 0;
        double evaluated_ms = 0.0;
        for (std::size_t u = 0; u < units_.size(); ++u) {
            const UnitFrame& f = units_[u].frame;
            const auto a = alarms::make_alarms(
                f.unit_id(), alarms::ScoreSeries{f.time(), clean_[u].scores, f.step()}, threshold,
                policy);
            false_alarms += count_false_alarms(a, clean_[u].truth);
            evaluated_ms += clean_[u].evaluated_ms;
        }
        outcomes.clear();
        for (std::size_t k = 0; k < windows_.size(); ++k) {
            const FailureWindow& w = windows_[k];
            const UnitFrame& f = units_[w.unit].frame;
            const std::span<const Timestamp> time =
                std::span(f.time()).subspan(w.begin, w.scores.size());
            const auto a = alarms::make_alarms(
                f.unit_id(), alarms::ScoreSeries{time, w.scores, f.step()}, threshold, policy);
            outcomes.push_back({failures_[k], detection_delay(a, failures_[k])});
        }
        CurvePoint p;
        p.threshold = threshold;
        p.kpis = kpis_of(outcomes, false_alarms, evaluated_ms, options_.deadline);
        return p;
    }

    std::span<const BenchUnit> units_;
    std::span<const UnitFrame> training_;
    std::span<const InjectedFailure> failures_;
    std::span<const std::size_t> failure_unit_;
    const BenchOptions& options_;
    std::vector<CleanUnit> clean_;
    std::vector<double> pooled_;  // clean, evaluated scores of every unit
    std::vector<FailureWindow> windows_;
};

}  // namespace

std::vector<double> default_bench_quantiles() {
    std::vector<double> qs = eval::default_curve_quantiles();
    qs.push_back(0.9995);
    qs.push_back(0.9999);
    return qs;
}

BenchResult run_bench(std::span<const BenchUnit> units, std::span<const BenchDetector> detectors,
                      const BenchOptions& options) {
    validate(options.placement);
    if (units.empty()) throw InvalidInputError("failure bench: no unit to inject failures into");
    if (options.deadline < 0)
        throw InvalidInputError(fmt::format("failure bench: deadline must not be negative, got {}",
                                            format_duration(options.deadline)));
    BenchResult result;
    result.options = options;
    if (result.options.quantiles.empty()) result.options.quantiles = default_bench_quantiles();
    for (double q : result.options.quantiles)
        if (!(q >= 0.0 && q <= 1.0))
            throw InvalidInputError(
                fmt::format("failure bench: quantile must be in [0, 1], got {}", q));

    std::vector<UnitFrame> training;
    std::vector<std::size_t> failure_unit;
    for (std::size_t u = 0; u < units.size(); ++u) {
        const BenchUnit& unit = units[u];
        training.push_back(masked_frame(unit));
        const std::optional<double> tau = fit_time_constant(training.back());
        UnitSummary s{unit.frame.unit_id(), unit.unit_type, tau.value_or(k_default_tau_h),
                      tau.has_value(), 0};
        const auto forbidden = forbidden_spans(unit.frame, unit.labels);
        for (Timestamp t0 :
             choose_failure_starts(unit.frame, forbidden, options.placement, options.seed)) {
            result.failures.push_back(
                {unit.frame.unit_id(), t0, t0 + options.placement.duration, s.tau_h});
            failure_unit.push_back(u);
            ++s.failures;
        }
        result.units.push_back(std::move(s));
    }
    if (result.failures.empty())
        throw InvalidInputError(fmt::format(
            "failure bench: no unit has room for a {} failure with {} of clean history before "
            "and {} after (outside labels and gaps); use more data or a shorter --duration",
            format_duration(options.placement.duration), format_duration(options.placement.history),
            format_duration(options.placement.after)));

    DetectorBench bench(units, training, result.failures, failure_unit, result.options);
    for (const BenchDetector& d : detectors) result.detectors.push_back(bench.run(d));
    return result;
}

}  // namespace heatloop::testbench
