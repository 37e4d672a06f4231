// heatloop run: plan -> fit -> predict each unit -> finish (by model kind) -> log.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include "heatloop/core/error.hpp"
#include "heatloop/core/progress.hpp"
#include "heatloop/models/registry.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "heatloop/runner/runner.hpp"
#include "runner/classifier_run.hpp"
#include "runner/derive_channels.hpp"
#include "runner/fingerprint.hpp"
#include "runner/run_labels.hpp"
#include "runner/run_metrics.hpp"
#include "runner/run_state.hpp"
#include "runner/scratch_dir.hpp"
#include "runner/split.hpp"

namespace heatloop::runner {

namespace fs = std::filesystem;

namespace {

// Every duration parameter must fit each unit's grid and the rows it fits and predicts on:
// found before the run starts, naming the parameter, the unit and by how much.
const ModelSource& model_source(const RunState& s) {
    return s.env.models ? *s.env.models : registry_models();
}

void check_fits(const RunState& s) {
    auto probe = model_source(s).make(s.config.model, s.config.params);
    for (std::size_t i = 0; i < s.frames.size(); ++i) {
        const UnitPlan& u = s.plan.units[i];
        try {
            if (!u.train.empty()) probe->check_durations(s.frames[i], u.train.size());
            probe->check_durations(s.frames[i], s.frames[i].rows());
        } catch (const InvalidInputError& e) {
            throw InvalidInputError(
                fmt::format("[model.params]: {} ({} rows train, {} calibrate, "
                            "{} evaluate)",
                            e.what(), u.train.size(), u.calibration.size(), u.eval.size()));
        }
    }
}

// The training frames of model `m` of the plan: its units' training rows, labelled spans
// masked when the config says so; adds the rows masked to `masked_total`.
std::vector<UnitFrame> training_frames(const RunState& s, std::size_t m,
                                       std::size_t& masked_total) {
    std::vector<UnitFrame> train;
    for (std::size_t i : s.plan.models[m].train) {
        static const std::vector<GapSpan> none;
        auto it = s.labels.anomalous.find(s.unit_ids[i]);
        std::size_t masked = 0;
        train.push_back(training_frame(
            s.frames[i], s.plan.units[i].train,
            s.config.data.exclude_labels_from_training && it != s.labels.anomalous.end()
                ? it->second
                : none,
            masked));
        masked_total += masked;
    }
    return train;
}

// Stores model `m` of the plan under the scratch directory and returns it reloaded from its
// document, so that what is evaluated is what is stored.
std::unique_ptr<models::Model> store_model(RunState& s, std::size_t m, const SavedModel& saved,
                                           nlohmann::json& model_files) {
    const ModelPlan& mp = s.plan.models[m];
    s.fit_seconds.push_back(saved.fit_seconds);
    // One model for the fleet keeps the established model.json; several go to models/ (the
    // key escaped like output file names: unit ids may hold any character).
    const std::string stem =
        s.plan.models.size() == 1 ? std::string("model") : "models/" + io::escape_file_name(mp.key);
    fs::create_directories((s.scratch / stem).parent_path());
    write_json(s.scratch / (stem + ".json"), saved.doc);
    nlohmann::json entry = {{"key", mp.key},
                            {"file", stem + ".json"},
                            {"train_units", nlohmann::json::array()},
                            {"fit_seconds", saved.fit_seconds}};
    for (std::size_t i : mp.train) entry["train_units"].push_back(s.unit_ids[i]);
    if (!saved.side.empty()) {
        std::ofstream out(s.scratch / (stem + ".bin"), std::ios::binary);
        out << saved.side;
        if (!out) throw IoError(fmt::format("cannot write {}", (s.scratch / stem).string()));
        entry["side_file"] = stem + ".bin";
    }
    model_files.push_back(std::move(entry));
    if (s.env.fan_out) s.saved_models.push_back(saved);
    auto loaded = model_source(s).load(saved.doc, saved.side);
    loaded->set_context({s.config.seed, s.threads});
    return loaded;
}

}  // namespace

SavedModel fit_saved_model(const ModelSource& source, const std::string& name,
                           const nlohmann::json& params, std::span<const UnitFrame> train,
                           const models::ModelContext& ctx) {
    auto model = source.make(name, params);
    const auto fit_start = std::chrono::steady_clock::now();
    switch (model->kind()) {
        case models::ModelKind::detector:
            static_cast<models::Detector&>(*model).fit(train, ctx);
            break;
        case models::ModelKind::forecaster:
            static_cast<models::Forecaster&>(*model).fit(train, ctx);
            break;
        case models::ModelKind::disaggregator:
            static_cast<models::Disaggregator&>(*model).fit(train, ctx);
            break;
        default:  // run_config refuses the other kinds before a run starts
            throw InternalError(
                fmt::format("heatloop run cannot fit a {}", models::kind_name(model->kind())));
    }
    SavedModel saved;
    saved.fit_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - fit_start).count();
    saved.doc = model->save();
    saved.side = model->save_side_file();
    return saved;
}

UnitPrediction unit_prediction(RunState& s, std::size_t m, std::size_t i) {
    auto it = s.predictions.find({m, i});
    if (it == s.predictions.end()) return predict_unit(*s.models[m], s.frames[i]);
    UnitPrediction p = std::move(it->second);
    s.predictions.erase(it);
    return p;
}

UnitFrame load_run_frame(const io::Workspace& ws, const std::string& id, models::ModelKind kind,
                         const ChannelDeriver* deriver) {
    if (kind == models::ModelKind::disaggregator) return ws.load_meter_with_weather(id);
    UnitFrame f = ws.load_unit_with_weather(id);
    // Unit metadata (source type, emitter, ...) for models that take it as input.
    f.attributes() = unit_attributes(ws.unit(id).info);
    if (deriver) deriver->apply(ws, f);  // [data] derive
    return f;
}

void write_json(const fs::path& file, const nlohmann::json& j) {
    std::ofstream out(file);
    out << j.dump(2) << '\n';
    if (!out) throw IoError(fmt::format("cannot write {}", file.string()));
}

RunResult execute_run(const RunConfig& config, const RunEnvironment& env) {
    if (env.fan_out && env.models)
        throw InvalidInputError("a fanned-out run takes its models from the registry only");
    if (env.fan_out && config.kind == models::ModelKind::classifier)
        throw InvalidInputError(
            "classifier runs are not fanned out (run them in one process: Workspace.run)");
    // Classifiers run over households (meters and their targets), not units.
    if (config.kind == models::ModelKind::classifier) return execute_classifier_run(config, env);
    auto status = [&](const std::string& s) {
        if (env.status) env.status(s);
    };
    const io::Workspace& ws = env.workspace;
    const RunLabels labels = load_run_labels(env.db, std::nullopt, config.evaluation);
    RunState s{config, env, labels, resolve_run_units(config, ws), {}, {}, {}, {}, {}, 1, {}, {}};
    s.threads = static_cast<int>(env.threads ? env.threads
                                             : std::max(1u, std::thread::hardware_concurrency()));

    // Plan: units, splits, what trains on what; everything checkable is checked before the
    // run is logged.
    const ChannelDeriver deriver(config.data.derive, s.threads);  // [data] derive
    status(fmt::format("loading {} units", s.unit_ids.size()));
    std::vector<UnitPlan> unit_plans;
    {
        Progress progress("loading", s.unit_ids.size(), env.progress);
        for (const std::string& id : s.unit_ids) {
            s.frames.push_back(load_run_frame(ws, id, config.kind, &deriver));
            unit_plans.push_back(plan_unit(s.frames.back(), config.data));
            progress.add();
        }
    }
    s.plan = plan_run(std::move(unit_plans), config);
    RunResult result;
    result.kind = config.kind;
    result.models = s.plan.models.size();
    for (const UnitPlan& u : s.plan.units) {
        if (!u.train.empty()) result.train_units.push_back(u.unit_id);
        if (!u.eval.empty()) result.eval_units.push_back(u.unit_id);
    }
    if (result.eval_units.empty())
        throw InvalidInputError(
            fmt::format("no unit has data to evaluate under data.split = \"{}\"",
                        split_name(config.data.split)));
    check_fits(s);

    result.label_revision = labels.revision;
    result.dataset_fingerprint =
        dataset_fingerprint(ws, s.unit_ids, config.kind == models::ModelKind::disaggregator);
    tracking::RunSpec spec;
    spec.experiment = config.experiment;
    spec.name = config.name;
    spec.config_text = config.text;
    spec.dataset_fingerprint = result.dataset_fingerprint;
    spec.label_revision = labels.revision;
    tracking::RunLogger run = env.tracker.start_run(spec);
    result.run_id = run.id();
    try {
        const ScratchDir scratch(ws.artifacts_dir(), run.id());
        s.scratch = scratch.path();

        // Fit: one model per plan entry, each stored and reloaded.
        status(fmt::format("fitting {} model{} of {} ({} scope) on {} units", s.plan.models.size(),
                           s.plan.models.size() == 1 ? "" : "s", config.model,
                           scope_name(config.scope), result.train_units.size()));
        std::size_t masked_total = 0;
        nlohmann::json model_files = nlohmann::json::array();
        if (env.fan_out && config.scope == ModelScope::unit) {
            // Each unit's model is fitted where the unit is predicted.
            fan_out_predictions(s, *env.fan_out, /*fit=*/true,
                                [&](std::size_t m, const SavedModel& saved, std::size_t masked) {
                                    masked_total += masked;
                                    s.models.push_back(store_model(s, m, saved, model_files));
                                });
        } else {
            Progress progress("fitting", s.plan.models.size(),
                              env.progress && s.plan.models.size() > 1);
            const models::ModelContext ctx{config.seed, s.threads};
            for (std::size_t m = 0; m < s.plan.models.size(); ++m) {
                const std::vector<UnitFrame> train = training_frames(s, m, masked_total);
                s.models.push_back(store_model(
                    s, m, fit_saved_model(model_source(s), config.model, config.params, train, ctx),
                    model_files));
                progress.add();
            }
        }
        // Models fitted here, units predicted on the fan-out.
        if (env.fan_out && config.scope != ModelScope::unit)
            fan_out_predictions(s, *env.fan_out, /*fit=*/false, {});
        log_run_params(run, config, s.models.front()->params(), s.unit_ids, result, masked_total);

        // Predict and finish, by kind.
        nlohmann::json kind_summary = config.kind == models::ModelKind::forecaster
                                          ? finish_forecast_run(s, run, result)
                                      : config.kind == models::ModelKind::disaggregator
                                          ? finish_disaggregation_run(s, run, result)
                                          : finish_detector_run(s, run, result);
        s.frames.clear();

        nlohmann::json summary = {{"format_version", k_run_outputs_format},
                                  {"run_id", run.id()},
                                  {"kind", models::kind_name(config.kind)},
                                  {"model", config.model},
                                  {"detector", config.model},  // format 1 readers
                                  {"scope", scope_name(config.scope)},
                                  {"params", s.models.front()->params()},
                                  {"label_revision", labels.revision},
                                  {"dataset_fingerprint", result.dataset_fingerprint},
                                  {"split", split_name(config.data.split)},
                                  {"train_units", result.train_units},
                                  {"models", model_files}};
        summary.update(kind_summary);
        write_json(s.scratch / "summary.json", summary);
        write_json(s.scratch / "evaluation.json", result.evaluation_json);
        { std::ofstream(s.scratch / "config.toml") << config.text; }
        for (const auto& e : fs::recursive_directory_iterator(s.scratch))
            if (e.is_regular_file())
                run.log_artifact(e.path(), fs::relative(e.path(), s.scratch).generic_string());
        run.log_metric("models", static_cast<double>(result.models), labels.revision);
        run.end(tracking::RunStatus::finished);
    } catch (...) {
        run.end(tracking::RunStatus::failed);
        throw;
    }
    return result;
}

}  // namespace heatloop::runner
