#include "heatloop/eval/metrics.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <string>

#include "heatloop/core/error.hpp"
#include "heatloop/core/quantile.hpp"

namespace heatloop::eval {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

double ratio(double num, double den) {
    return den > 0 ? num / den : k_nan;
}

double count(std::size_t n) {
    return static_cast<double>(n);
}

constexpr MetricField k_fields[] = {
    {"event_precision", &Metrics::event_precision, true, "true alarms / (true + false alarms)"},
    {"event_recall", &Metrics::event_recall, true,
     "ground-truth labels overlapped by an alarm / ground-truth labels"},
    {"event_f1", &Metrics::event_f1, true, "harmonic mean of event precision and recall"},
    {"delay_mean_h", &Metrics::delay_mean_h, false,
     "mean detection delay of detected labels, hours"},
    {"delay_median_h", &Metrics::delay_median_h, false,
     "median detection delay of detected labels, hours"},
    {"delay_p90_h", &Metrics::delay_p90_h, false,
     "90th percentile detection delay of detected labels, hours"},
    {"detected_within_deadline", &Metrics::detected_within_deadline, true,
     "share of ground-truth labels detected within the deadline"},
    {"false_alarms_per_unit_month", &Metrics::false_alarms_per_unit_month, false,
     "false alarms per month of evaluated time"},
    {"point_fpr", &Metrics::point_fpr, false, "point-wise false-positive rate of alarms"},
    {"point_precision", &Metrics::point_precision, true, "point-wise precision of alarms"},
    {"point_recall", &Metrics::point_recall, true, "point-wise recall of alarms"},
    {"point_f1", &Metrics::point_f1, true, "point-wise F1 of alarms"},
    {"roc_auc", &Metrics::roc_auc, true, "area under the ROC curve of the scores"},
    {"pr_auc", &Metrics::pr_auc, true, "average precision of the scores"},
    {"range_precision", &Metrics::range_precision, true,
     "range-based precision (Tatbul et al. 2018)"},
    {"range_recall", &Metrics::range_recall, true, "range-based recall (Tatbul et al. 2018)"},
    {"range_f1", &Metrics::range_f1, true, "harmonic mean of range precision and recall"},
    {"nab_standard", &Metrics::nab_standard, true, "NAB score, standard profile"},
    {"nab_reward_low_fp_rate", &Metrics::nab_reward_low_fp_rate, true,
     "NAB score, reward-low-false-positive profile"},
    {"nab_reward_low_fn_rate", &Metrics::nab_reward_low_fn_rate, true,
     "NAB score, reward-low-false-negative profile"},
    {"confidence_weighted_recall", &Metrics::confidence_weighted_recall, true,
     "event recall weighted by label confidence"},
    {"vus_roc", &Metrics::vus_roc, true,
     "volume under the range-ROC surface (TSB-AD default window 100, 250 thresholds)"},
    {"vus_pr", &Metrics::vus_pr, true,
     "volume under the range-PR surface (TSB-AD default window 100, 250 thresholds)"},
    {"affiliation_precision", &Metrics::affiliation_precision, true,
     "affiliation precision of alarms (Huet et al. 2022)"},
    {"affiliation_recall", &Metrics::affiliation_recall, true,
     "affiliation recall of alarms (Huet et al. 2022)"},
};

}  // namespace

Tally& Tally::operator+=(const Tally& o) {
    labels += o.labels;
    detected += o.detected;
    within_deadline += o.within_deadline;
    delays_h.insert(delays_h.end(), o.delays_h.begin(), o.delays_h.end());
    weight_total += o.weight_total;
    weight_detected += o.weight_detected;
    true_alarms += o.true_alarms;
    false_alarms += o.false_alarms;
    ignored_alarms += o.ignored_alarms;
    evaluated_ms += o.evaluated_ms;
    tp += o.tp, fp += o.fp, tn += o.tn, fn += o.fn;
    range += o.range;
    for (std::size_t i = 0; i < nab.size(); ++i) nab[i] += o.nab[i];
    affiliation += o.affiliation;
    return *this;
}

void Tally::add_truth(const LabelOutcome& o, Duration deadline) {
    ++labels;
    if (!o.detected) return;
    ++detected;
    delays_h.push_back(static_cast<double>(o.delay) / static_cast<double>(k_hour_ms));
    if (o.delay <= deadline) ++within_deadline;
}

void Tally::add_weighted(const LabelOutcome& o) {
    weight_total += o.label.confidence;
    if (o.detected) weight_detected += o.label.confidence;
}

void Tally::add_alarm(AlarmOutcome o) {
    switch (o) {
        case AlarmOutcome::true_alarm:
            ++true_alarms;
            break;
        case AlarmOutcome::false_alarm:
            ++false_alarms;
            break;
        case AlarmOutcome::ignored:
            ++ignored_alarms;
            break;
    }
}

std::span<const MetricField> metric_fields() {
    return k_fields;
}

const MetricField& find_metric(std::string_view name) {
    std::string valid;
    for (const MetricField& f : k_fields) {
        if (f.name == name) return f;
        valid += (valid.empty() ? "" : ", ") + std::string(f.name);
    }
    throw InvalidInputError(fmt::format("unknown metric '{}' (valid: {})", name, valid));
}

double f1_of(double p, double r) {
    if (p == 0.0 || r == 0.0) return 0.0;
    if (std::isnan(p) || std::isnan(r)) return k_nan;
    return 2.0 * p * r / (p + r);
}

Metrics metrics_of(const Tally& t, double roc, double pr, double vus_roc, double vus_pr) {
    Metrics m{};
    m.event_precision = ratio(count(t.true_alarms), count(t.true_alarms + t.false_alarms));
    m.event_recall = ratio(count(t.detected), count(t.labels));
    m.event_f1 = f1_of(m.event_precision, m.event_recall);
    m.delay_mean_h = mean(t.delays_h);
    m.delay_median_h = quantile(t.delays_h, 0.5);
    m.delay_p90_h = quantile(t.delays_h, 0.9);
    m.detected_within_deadline = ratio(count(t.within_deadline), count(t.labels));
    m.false_alarms_per_unit_month = ratio(count(t.false_alarms), t.evaluated_ms / k_month_ms);
    m.point_fpr = ratio(count(t.fp), count(t.fp + t.tn));
    m.point_precision = ratio(count(t.tp), count(t.tp + t.fp));
    m.point_recall = ratio(count(t.tp), count(t.tp + t.fn));
    m.point_f1 = f1_of(m.point_precision, m.point_recall);
    m.roc_auc = roc;
    m.pr_auc = pr;
    m.range_precision = ratio(t.range.precision_sum, count(t.range.predicted_ranges));
    m.range_recall = ratio(t.range.recall_sum, count(t.range.real_ranges));
    m.range_f1 = f1_of(m.range_precision, m.range_recall);
    m.nab_standard = t.nab[0].normalized();
    m.nab_reward_low_fp_rate = t.nab[1].normalized();
    m.nab_reward_low_fn_rate = t.nab[2].normalized();
    m.confidence_weighted_recall = ratio(t.weight_detected, t.weight_total);
    m.vus_roc = vus_roc;
    m.vus_pr = vus_pr;
    // Pooled over units this is the mean over all their ground-truth events.
    m.affiliation_precision = t.affiliation.precision();
    m.affiliation_recall = t.affiliation.recall();
    return m;
}

Metrics macro_average(std::span<const Metrics> per_unit) {
    Metrics out{};
    for (const MetricField& f : k_fields) {
        double sum = 0.0;
        std::size_t n = 0;
        for (const Metrics& m : per_unit)
            if (!std::isnan(m.*f.member)) sum += m.*f.member, ++n;
        out.*f.member = n > 0 ? sum / count(n) : k_nan;
    }
    return out;
}

}  // namespace heatloop::eval
