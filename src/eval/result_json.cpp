#include "heatloop/eval/result_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

namespace heatloop::eval {

namespace {

nlohmann::json num(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nullptr;
}

// Metrics a breakdown row defines (all of them for unit_type).
constexpr std::string_view k_label_metrics[] = {"event_recall",
                                                "delay_mean_h",
                                                "delay_median_h",
                                                "delay_p90_h",
                                                "detected_within_deadline",
                                                "confidence_weighted_recall"};
constexpr std::string_view k_alarm_metrics[] = {"event_precision", "event_f1",
                                                "false_alarms_per_unit_month"};

nlohmann::json row_metrics(const std::string& breakdown, const Metrics& m) {
    if (breakdown == "unit_type") return to_json(m);
    nlohmann::json j = nlohmann::json::object();
    for (auto name : k_label_metrics) j[std::string(name)] = num(m.*find_metric(name).member);
    for (auto name : k_alarm_metrics) j[std::string(name)] = num(m.*find_metric(name).member);
    return j;
}

nlohmann::json point_json(const CurvePoint& p) {
    return {{"quantile", num(p.quantile)},
            {"threshold", num(p.threshold)},
            {"alarms", p.alarms},
            {"median_delay_h", num(p.median_delay_h)},
            {"detected_within_deadline", num(p.detected_within_deadline)},
            {"false_alarms_per_unit_month", num(p.false_alarms_per_unit_month)},
            {"event_recall", num(p.event_recall)},
            {"event_precision", num(p.event_precision)}};
}

}  // namespace

nlohmann::json to_json(const Metrics& m) {
    nlohmann::json j = nlohmann::json::object();
    for (const MetricField& f : metric_fields()) j[std::string(f.name)] = num(m.*f.member);
    return j;
}

nlohmann::json to_json(const Tally& t) {
    return {{"labels", t.labels},
            {"detected", t.detected},
            {"within_deadline", t.within_deadline},
            {"true_alarms", t.true_alarms},
            {"false_alarms", t.false_alarms},
            {"ignored_alarms", t.ignored_alarms},
            {"evaluated_months", t.evaluated_ms / k_month_ms},
            {"tp", t.tp},
            {"fp", t.fp},
            {"tn", t.tn},
            {"fn", t.fn},
            {"real_ranges", t.range.real_ranges},
            {"predicted_ranges", t.range.predicted_ranges}};
}

nlohmann::json to_json(const EvaluationResult& r) {
    nlohmann::json units = nlohmann::json::array();
    for (const UnitEvaluation& u : r.units)
        units.push_back({{"unit_id", u.unit_id},
                         {"unit_type", u.unit_type},
                         {"counts", to_json(u.tally)},
                         {"metrics", to_json(u.metrics)}});
    nlohmann::json breakdowns = nlohmann::json::object();
    for (const auto& [name, rows] : r.breakdowns) {
        nlohmann::json list = nlohmann::json::array();
        for (const BreakdownRow& row : rows)
            list.push_back({{"key", row.key},
                            {"counts", to_json(row.tally)},
                            {"metrics", row_metrics(name, row.metrics)}});
        breakdowns[name] = std::move(list);
    }
    return {{"format_version", k_evaluation_format},
            {"options", to_json(r.options)},
            {"units", std::move(units)},
            {"macro", to_json(r.macro)},
            {"micro", to_json(r.micro)},
            {"totals", to_json(r.totals)},
            {"breakdowns", std::move(breakdowns)},
            {"labels_without_unit", r.labels_without_unit}};
}

nlohmann::json to_json(const DelayFalseAlarmCurve& c) {
    nlohmann::json points = nlohmann::json::array();
    for (const CurvePoint& p : c.points) points.push_back(point_json(p));
    return {{"points", std::move(points)}, {"operating_point", point_json(c.operating_point)}};
}

nlohmann::json to_json(const PairedComparison& c) {
    nlohmann::json units = nlohmann::json::array();
    for (const UnitDelta& d : c.deltas)
        units.push_back({{"unit_id", d.unit_id},
                         {"baseline", num(d.baseline)},
                         {"candidate", num(d.candidate)},
                         {"delta", num(d.delta)}});
    return {{"metric", c.metric},
            {"higher_is_better", c.higher_is_better},
            {"units", std::move(units)},
            {"improved", c.improved},
            {"worse", c.worse},
            {"unchanged", c.unchanged},
            {"only_in_baseline", c.only_in_baseline},
            {"only_in_candidate", c.only_in_candidate},
            {"undefined", c.undefined},
            {"mean_delta", num(c.mean_delta)},
            {"median_delta", num(c.median_delta)},
            {"wilcoxon",
             {{"n", c.wilcoxon.n},
              {"zeros", c.wilcoxon.zeros},
              {"w_plus", c.wilcoxon.w_plus},
              {"w_minus", c.wilcoxon.w_minus},
              {"p_value", num(c.wilcoxon.p_value)},
              {"exact", c.wilcoxon.exact}}},
            {"bootstrap",
             {{"seed", c.options.seed},
              {"samples", c.options.bootstrap_samples},
              {"confidence", c.options.confidence},
              {"ci_low", num(c.ci_low)},
              {"ci_high", num(c.ci_high)}}}};
}

}  // namespace heatloop::eval
