// The finishing step of a forecaster run: forecast every evaluated unit with its model, store
// actual and forecast values, and measure accuracy per unit, per horizon step and pooled.
#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "heatloop/core/progress.hpp"
#include "heatloop/eval/forecast.hpp"
#include "heatloop/io/frame_file.hpp"
#include "heatloop/runner/predict_unit.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "runner/run_state.hpp"

namespace heatloop::runner {

namespace {

// A metric of a forecast accuracy (one of forecast_metric_fields()).
double value(const eval::ForecastMetrics& m, const eval::MetricFieldOf<eval::ForecastMetrics>& f) {
    return m.*f.member;
}

}  // namespace

nlohmann::json finish_forecast_run(RunState& s, tracking::RunLogger& run, RunResult& result) {
    const std::size_t n = s.frames.size();
    const auto& first = static_cast<const models::Forecaster&>(*s.models.front());
    const std::string target = first.target();
    const std::size_t horizon = first.horizon();
    const Timestamp now = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
    const std::int64_t step_no = s.labels.revision;

    const auto fields = eval::forecast_metric_fields();
    // Pairs of every evaluated unit, per step, for the pooled (micro) metrics.
    std::vector<double> all_actual;
    std::vector<std::vector<double>> all_predicted(horizon);
    nlohmann::json unit_docs = nlohmann::json::array(), unit_summaries = nlohmann::json::array();
    std::vector<tracking::Metric> metrics;
    std::vector<std::vector<double>> per_unit_values(fields.size());
    Progress progress("forecasting", result.eval_units.size(), s.env.progress);
    for (std::size_t i = 0; i < n; ++i) {
        const UnitPlan& p = s.plan.units[i];
        if (p.eval.empty()) continue;
        const models::Forecast f = unit_prediction(s, p.model, i).forecast;
        const std::vector<double>& y = s.frames[i].at(target).values;
        const auto b = static_cast<std::ptrdiff_t>(p.eval.begin),
                   e = static_cast<std::ptrdiff_t>(p.eval.end);
        const std::vector<double> actual(y.begin() + b, y.begin() + e);
        std::vector<std::vector<double>> predicted(horizon);
        for (std::size_t h = 0; h < horizon; ++h)
            predicted[h].assign(f.by_step[h].begin() + b, f.by_step[h].begin() + e);

        // outputs/<unit>.hlf: the evaluation rows' actual values and forecasts per step.
        UnitFrame out(s.unit_ids[i]);
        out.set_grid(s.frames[i].time()[p.eval.begin], s.frames[i].step(), p.eval.size());
        out.get_or_add("actual").values = actual;
        for (std::size_t h = 0; h < horizon; ++h)
            out.get_or_add(fmt::format("forecast_h{}", h + 1)).values = predicted[h];
        const std::string file = unit_output_path(s.unit_ids[i]);
        io::write_frame_file(s.scratch / file, out, "forecasts");

        const eval::ForecastByStep um = eval::forecast_metrics_by_step(actual, predicted);
        for (std::size_t k = 0; k < fields.size(); ++k) {
            per_unit_values[k].push_back(value(um.pooled, fields[k]));
            metrics.push_back({std::string(fields[k].name), value(um.pooled, fields[k]), step_no,
                               now, s.unit_ids[i]});
        }
        nlohmann::json doc = eval::to_json(um);
        unit_docs.push_back({{"unit_id", s.unit_ids[i]},
                             {"model", s.plan.models[p.model].key},
                             {"fit_seconds", s.fit_seconds[p.model]},
                             {"metrics", doc.at("pooled")},
                             {"by_step", doc.at("steps")}});
        unit_summaries.push_back({{"unit_id", s.unit_ids[i]},
                                  {"unit_type", s.env.workspace.unit(s.unit_ids[i]).info.type},
                                  {"file", file},
                                  {"model", s.plan.models[p.model].key},
                                  {"train_rows", p.train.size()},
                                  {"eval_rows", p.eval.size()}});
        all_actual.insert(all_actual.end(), actual.begin(), actual.end());
        for (std::size_t h = 0; h < horizon; ++h)
            all_predicted[h].insert(all_predicted[h].end(), predicted[h].begin(),
                                    predicted[h].end());
        progress.add();
    }

    const eval::ForecastByStep micro = eval::forecast_metrics_by_step(all_actual, all_predicted);
    nlohmann::json macro = nlohmann::json::object();
    for (std::size_t k = 0; k < fields.size(); ++k) {
        double sum = 0.0;
        std::size_t count = 0;
        for (double v : per_unit_values[k])
            if (std::isfinite(v)) sum += v, ++count;
        const double mean = count ? sum / static_cast<double>(count) : std::nan("");
        const std::string name(fields[k].name);
        macro[name] = std::isfinite(mean) ? nlohmann::json(mean) : nullptr;
        metrics.push_back({"micro/" + name, value(micro.pooled, fields[k]), step_no, now, {}});
        metrics.push_back({"macro/" + name, mean, step_no, now, {}});
        for (std::size_t h = 0; h < horizon; ++h)
            metrics.push_back({fmt::format("micro/{}_h{}", name, h + 1),
                               value(micro.steps[h], fields[k]),
                               step_no,
                               now,
                               {}});
    }
    run.log_metrics(metrics);
    const nlohmann::json micro_doc = eval::to_json(micro);
    result.evaluation_json = {{"kind", "forecaster"}, {"target", target},
                              {"horizon", horizon},   {"micro", micro_doc.at("pooled")},
                              {"macro", macro},       {"micro_by_step", micro_doc.at("steps")},
                              {"units", unit_docs}};
    return {{"target", target}, {"horizon", horizon}, {"units", unit_summaries}};
}

}  // namespace heatloop::runner
