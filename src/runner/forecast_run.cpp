// The finishing step of a forecaster run: forecast every evaluated unit with its model, store
// actual and forecast values, and measure accuracy per unit, per horizon step and pooled.
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cmath>
#include <span>

#include "heatloop/core/progress.hpp"
#include "heatloop/eval/forecast.hpp"
#include "heatloop/io/frame_file.hpp"
#include "heatloop/runner/predict_unit.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "runner/run_state.hpp"

namespace heatloop::runner {

namespace {

// The metrics a forecaster run logs and compares, in order.
constexpr std::array<const char*, 4> k_forecast_metrics{"rmse", "mae", "mape", "r2"};

// Actual and forecast values of one horizon step, gathered over units.
struct Pairs {
    std::vector<double> actual, predicted;
    void add(std::span<const double> a, std::span<const double> p) {
        actual.insert(actual.end(), a.begin(), a.end());
        predicted.insert(predicted.end(), p.begin(), p.end());
    }
};

double metric(const eval::ForecastMetrics& m, std::string_view name) {
    if (name == "rmse") return m.rmse;
    if (name == "mae") return m.mae;
    if (name == "mape") return m.mape;
    return m.r2;
}

nlohmann::json metrics_json(const eval::ForecastMetrics& m) {
    return eval::to_json(m);
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

    std::vector<Pairs> pooled(horizon);
    Pairs pooled_all;
    nlohmann::json unit_docs = nlohmann::json::array(), unit_summaries = nlohmann::json::array();
    std::vector<tracking::Metric> metrics;
    std::vector<std::vector<double>> per_unit_values(k_forecast_metrics.size());
    Progress progress("forecasting", result.eval_units.size(), s.env.progress);
    for (std::size_t i = 0; i < n; ++i) {
        const UnitPlan& p = s.plan.units[i];
        if (p.eval.empty()) continue;
        const models::Forecast f = predict_unit(*s.models[p.model], s.frames[i]).forecast;
        const std::vector<double>& y = s.frames[i].at(target).values;
        const auto b = static_cast<std::ptrdiff_t>(p.eval.begin),
                   e = static_cast<std::ptrdiff_t>(p.eval.end);
        const std::span<const double> actual(y.data() + b, y.data() + e);

        // outputs/<unit>.hlf: the evaluation rows' actual values and forecasts per step.
        UnitFrame out(s.unit_ids[i]);
        out.set_grid(s.frames[i].time()[p.eval.begin], s.frames[i].step(), p.eval.size());
        out.get_or_add("actual").values.assign(actual.begin(), actual.end());
        Pairs unit_all;
        nlohmann::json by_step = nlohmann::json::array();
        for (std::size_t h = 0; h < horizon; ++h) {
            const std::span<const double> pred(f.by_step[h].data() + b, f.by_step[h].data() + e);
            out.get_or_add(fmt::format("forecast_h{}", h + 1))
                .values.assign(pred.begin(), pred.end());
            pooled[h].add(actual, pred);
            pooled_all.add(actual, pred);
            unit_all.add(actual, pred);
            by_step.push_back(metrics_json(eval::forecast_metrics(actual, pred)));
        }
        const std::string file = unit_output_path(s.unit_ids[i]);
        io::write_frame_file(s.scratch / file, out, "forecasts");
        const eval::ForecastMetrics um =
            eval::forecast_metrics(unit_all.actual, unit_all.predicted);
        for (std::size_t k = 0; k < k_forecast_metrics.size(); ++k) {
            const double v = metric(um, k_forecast_metrics[k]);
            per_unit_values[k].push_back(v);
            metrics.push_back({k_forecast_metrics[k], v, step_no, now, s.unit_ids[i]});
        }
        unit_docs.push_back(
            {{"unit_id", s.unit_ids[i]}, {"metrics", metrics_json(um)}, {"by_step", by_step}});
        unit_summaries.push_back({{"unit_id", s.unit_ids[i]},
                                  {"unit_type", s.env.workspace.unit(s.unit_ids[i]).info.type},
                                  {"file", file},
                                  {"model", s.plan.models[p.model].key},
                                  {"train_rows", p.train.size()},
                                  {"eval_rows", p.eval.size()}});
        progress.add();
    }

    const eval::ForecastMetrics micro =
        eval::forecast_metrics(pooled_all.actual, pooled_all.predicted);
    nlohmann::json macro = nlohmann::json::object(), micro_by_step = nlohmann::json::array();
    for (std::size_t k = 0; k < k_forecast_metrics.size(); ++k) {
        double sum = 0.0;
        std::size_t count = 0;
        for (double v : per_unit_values[k])
            if (std::isfinite(v)) sum += v, ++count;
        const double mean = count ? sum / static_cast<double>(count) : std::nan("");
        macro[k_forecast_metrics[k]] = std::isfinite(mean) ? nlohmann::json(mean) : nullptr;
        metrics.push_back({std::string("micro/") + k_forecast_metrics[k],
                           metric(micro, k_forecast_metrics[k]), step_no, now, std::nullopt});
        metrics.push_back(
            {std::string("macro/") + k_forecast_metrics[k], mean, step_no, now, std::nullopt});
    }
    for (std::size_t h = 0; h < horizon; ++h) {
        const eval::ForecastMetrics m =
            eval::forecast_metrics(pooled[h].actual, pooled[h].predicted);
        micro_by_step.push_back(metrics_json(m));
        for (const char* name : k_forecast_metrics)
            metrics.push_back({fmt::format("micro/{}_h{}", name, h + 1), metric(m, name), step_no,
                               now, std::nullopt});
    }
    run.log_metrics(metrics);
    result.evaluation_json = {{"kind", "forecaster"}, {"target", target},
                              {"horizon", horizon},   {"micro", metrics_json(micro)},
                              {"macro", macro},       {"micro_by_step", micro_by_step},
                              {"units", unit_docs}};
    return {{"target", target}, {"horizon", horizon}, {"units", unit_summaries}};
}

}  // namespace heatloop::runner
