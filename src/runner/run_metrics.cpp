#include "runner/run_metrics.hpp"

#include <fmt/format.h>

#include <chrono>

#include "heatloop/eval/metrics.hpp"

namespace heatloop::runner {

namespace {

std::string text_of(const nlohmann::json& v) {
    return v.is_string() ? v.get<std::string>() : v.dump();
}

void add_flat(std::vector<tracking::Param>& out, const std::string& prefix,
              const nlohmann::json& j) {
    if (j.is_object()) {
        for (const auto& [k, v] : j.items()) add_flat(out, prefix + "." + k, v);
        return;
    }
    out.push_back({prefix, text_of(j)});
}

}  // namespace

void log_run_params(tracking::RunLogger& run, const RunConfig& config,
                    const nlohmann::json& model_params, const std::vector<std::string>& units,
                    const RunResult& result, std::size_t masked_rows) {
    std::vector<tracking::Param> p = {
        {"model", config.model},
        {"model.kind", std::string(models::kind_name(config.kind))},
        {"model.scope", std::string(scope_name(config.scope))},
        {"detector", config.model},
        {"seed", std::to_string(config.seed)},
        {"data.split", std::string(split_name(config.data.split))},
        {"data.units", fmt::format("{}", fmt::join(units, ","))},
        {"data.train_units", std::to_string(result.train_units.size())},
        {"data.eval_units", std::to_string(result.eval_units.size())},
        {"data.exclude_labels_from_training",
         config.data.exclude_labels_from_training ? "true" : "false"},
        {"data.masked_training_rows", std::to_string(masked_rows)},
    };
    if (config.data.split == SplitKind::time && config.data.train_rows)
        p.push_back({"data.train_rows", std::to_string(*config.data.train_rows)});
    else if (config.data.split == SplitKind::time)
        p.push_back({"data.train_fraction", fmt::format("{}", config.data.train_fraction)});
    if (config.data.split == SplitKind::unit_folds)
        p.push_back({"data.folds", std::to_string(config.data.folds)});
    p.push_back({"data.calibration_fraction", fmt::format("{}", config.data.calibration_fraction)});
    p.push_back({"models", std::to_string(result.models)});
    add_flat(p, "model", model_params);
    add_flat(p, "alarms", alarms::to_json(config.alarms));
    add_flat(p, "evaluation", eval::to_json(config.evaluation));
    run.log_params(p);
}

std::vector<tracking::Metric> evaluation_metrics(const eval::EvaluationResult& e,
                                                 std::int64_t revision, bool per_unit,
                                                 Timestamp now) {
    std::vector<tracking::Metric> out;
    for (const eval::MetricField& f : eval::metric_fields()) {
        const std::string name(f.name);
        out.push_back({"micro/" + name, e.micro.*f.member, revision, now, std::nullopt});
        out.push_back({"macro/" + name, e.macro.*f.member, revision, now, std::nullopt});
        if (per_unit)
            for (const eval::UnitEvaluation& u : e.units)
                out.push_back({name, u.metrics.*f.member, revision, now, u.unit_id});
    }
    return out;
}

void log_evaluation_metrics(tracking::RunLogger& run, const eval::EvaluationResult& e,
                            std::int64_t revision, bool per_unit) {
    const Timestamp now = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
    run.log_metrics(evaluation_metrics(e, revision, per_unit, now));
}

}  // namespace heatloop::runner
