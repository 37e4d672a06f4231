#include "commands/run/summary.hpp"

#include <fmt/format.h>

#include <cmath>

#include "heatloop/eval/forecast.hpp"
#include "heatloop/eval/metrics.hpp"

namespace heatloop::cli {

const std::vector<HeadlineMetric>& headline_metrics() {
    static const std::vector<HeadlineMetric> k{{"event_precision", "precision"},
                                               {"event_recall", "recall"},
                                               {"event_f1", "F1"},
                                               {"detected_within_deadline", "in deadline"},
                                               {"delay_median_h", "delay h"},
                                               {"false_alarms_per_unit_month", "FA/unit-mo"},
                                               {"nab_standard", "NAB"},
                                               {"range_f1", "range F1"},
                                               {"roc_auc", "ROC-AUC"}};
    return k;
}

std::string format_metric(double v) {
    return std::isnan(v) ? "-" : fmt::format("{:.3f}", v);
}

void print_forecast_evaluation(const nlohmann::json& e) {
    auto value = [](const nlohmann::json& m, const std::string& k) {
        return m.contains(k) && m.at(k).is_number() ? m.at(k).get<double>() : std::nan("");
    };
    auto row = [&](const std::string& name, const nlohmann::json& m) {
        fmt::print("  {:<8}", name);
        for (const auto& f : eval::forecast_metric_fields())
            fmt::print(" {:>11}", format_metric(value(m, std::string(f.name))));
        fmt::print("\n");
    };
    fmt::print("  {:<8}", "");
    for (const auto& f : eval::forecast_metric_fields()) fmt::print(" {:>11}", f.name);
    fmt::print("\n");
    row("micro", e.value("micro", nlohmann::json::object()));
    row("macro", e.value("macro", nlohmann::json::object()));
    for (const nlohmann::json& step : e.value("micro_by_step", nlohmann::json::array()))
        row(fmt::format("h{}", step.value("step", 0)), step);
}

void print_evaluation(const eval::EvaluationResult& e) {
    fmt::print("  {:<6}", "");
    for (const HeadlineMetric& m : headline_metrics()) fmt::print(" {:>11}", m.header);
    fmt::print("\n");
    for (const auto& [name, metrics] :
         {std::pair{"micro", &e.micro}, std::pair{"macro", &e.macro}}) {
        fmt::print("  {:<6}", name);
        for (const HeadlineMetric& m : headline_metrics())
            fmt::print(" {:>11}", format_metric(metrics->*eval::find_metric(m.name).member));
        fmt::print("\n");
    }
    fmt::print(
        "  {} labels counted, {} detected ({} within the deadline); {} true, {} false, {} "
        "ignored alarms over {:.1f} unit-months\n",
        e.totals.labels, e.totals.detected, e.totals.within_deadline, e.totals.true_alarms,
        e.totals.false_alarms, e.totals.ignored_alarms, e.totals.evaluated_ms / eval::k_month_ms);
}

}  // namespace heatloop::cli
