// The finishing step of a disaggregator run: estimate the component of every evaluated unit
// with its model, store total, truth and estimate, and measure the estimate against the
// sub-metered truth per unit and pooled. Metrics are in energy per interval (kWh per grid
// step: the published bars are kWh per 15 min), from the stored kW.
#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "heatloop/core/progress.hpp"
#include "heatloop/eval/disaggregation.hpp"
#include "heatloop/io/frame_file.hpp"
#include "heatloop/models/disaggregator.hpp"
#include "heatloop/runner/predict_unit.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "runner/run_state.hpp"

namespace heatloop::runner {

namespace {

double value(const eval::DisaggregationMetrics& m,
             const eval::MetricFieldOf<eval::DisaggregationMetrics>& f) {
    return m.*f.member;
}

// kW over a grid step -> kWh in that step.
std::vector<double> energy(std::vector<double> kw, Duration step) {
    const double hours = static_cast<double>(step) / static_cast<double>(k_hour_ms);
    for (double& v : kw) v *= hours;
    return kw;
}

}  // namespace

nlohmann::json finish_disaggregation_run(RunState& s, tracking::RunLogger& run, RunResult& result) {
    const auto& first = static_cast<const models::Disaggregator&>(*s.models.front());
    const std::string total = first.total_channel(), component = first.component_channel();
    const Timestamp now = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
    const std::int64_t step_no = s.labels.revision;
    const auto fields = eval::disaggregation_metric_fields();
    std::vector<double> all_truth, all_estimate;
    std::vector<std::vector<double>> per_unit_values(fields.size());
    nlohmann::json unit_docs = nlohmann::json::array(), unit_summaries = nlohmann::json::array();
    std::vector<tracking::Metric> metrics;
    Progress progress("disaggregating", result.eval_units.size(), s.env.progress);
    for (std::size_t i = 0; i < s.frames.size(); ++i) {
        const UnitPlan& p = s.plan.units[i];
        if (p.eval.empty()) continue;
        const UnitFrame& frame = s.frames[i];
        const std::vector<double> estimate = unit_prediction(s, p.model, i).component;
        const auto b = static_cast<std::ptrdiff_t>(p.eval.begin),
                   e = static_cast<std::ptrdiff_t>(p.eval.end);
        const auto slice = [&](const std::vector<double>& v) {
            return std::vector<double>(v.begin() + b, v.begin() + e);
        };
        const std::vector<double> est = slice(estimate);
        const std::vector<double> tot = slice(frame.at(total).values);
        const Channel* truth_channel = frame.find(component);
        const std::vector<double> truth =
            truth_channel ? slice(truth_channel->values)
                          : std::vector<double>(est.size(), k_missing);  // no sub-meter

        // outputs/<unit>.hlf: the evaluated rows' total, truth and estimate (kW).
        UnitFrame out(s.unit_ids[i]);
        out.set_grid(frame.time()[p.eval.begin], frame.step(), p.eval.size());
        out.get_or_add(total).values = tot;
        out.get_or_add(component).values = truth;
        out.get_or_add(component + "_estimate").values = est;
        const std::string file = unit_output_path(s.unit_ids[i]);
        io::write_frame_file(s.scratch / file, out, "disaggregation");

        const std::vector<double> truth_kwh = energy(truth, frame.step());
        const std::vector<double> est_kwh = energy(est, frame.step());
        const eval::DisaggregationMetrics um = eval::disaggregation_metrics(truth_kwh, est_kwh);
        for (std::size_t k = 0; k < fields.size(); ++k) {
            per_unit_values[k].push_back(value(um, fields[k]));
            metrics.push_back(
                {std::string(fields[k].name), value(um, fields[k]), step_no, now, s.unit_ids[i]});
        }
        unit_docs.push_back({{"unit_id", s.unit_ids[i]},
                             {"model", s.plan.models[p.model].key},
                             {"fit_seconds", s.fit_seconds[p.model]},
                             {"metrics", eval::to_json(um)}});
        unit_summaries.push_back({{"unit_id", s.unit_ids[i]},
                                  {"file", file},
                                  {"model", s.plan.models[p.model].key},
                                  {"train_rows", p.train.size()},
                                  {"eval_rows", p.eval.size()}});
        all_truth.insert(all_truth.end(), truth_kwh.begin(), truth_kwh.end());
        all_estimate.insert(all_estimate.end(), est_kwh.begin(), est_kwh.end());
        progress.add();
    }

    // micro: every evaluated interval of every unit as one sample (pooled); macro: the mean
    // of the per-unit values.
    const eval::DisaggregationMetrics micro = eval::disaggregation_metrics(all_truth, all_estimate);
    nlohmann::json macro = nlohmann::json::object();
    for (std::size_t k = 0; k < fields.size(); ++k) {
        double sum = 0.0;
        std::size_t count = 0;
        for (double v : per_unit_values[k])
            if (std::isfinite(v)) sum += v, ++count;
        const double mean = count ? sum / static_cast<double>(count) : std::nan("");
        const std::string name(fields[k].name);
        macro[name] = std::isfinite(mean) ? nlohmann::json(mean) : nullptr;
        metrics.push_back({"micro/" + name, value(micro, fields[k]), step_no, now, {}});
        metrics.push_back({"macro/" + name, mean, step_no, now, {}});
    }
    run.log_metrics(metrics);
    result.evaluation_json = {{"kind", "disaggregator"},
                              {"total", total},
                              {"component", component},
                              {"energy_unit", "kWh per interval"},
                              {"micro", eval::to_json(micro)},
                              {"macro", macro},
                              {"units", unit_docs}};
    return {{"total", total}, {"component", component}, {"units", unit_summaries}};
}

}  // namespace heatloop::runner
