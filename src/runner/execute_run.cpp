#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "heatloop/alarms/alarm_event.hpp"
#include "heatloop/alarms/events.hpp"
#include "heatloop/alarms/threshold.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/progress.hpp"
#include "heatloop/eval/result_json.hpp"
#include "heatloop/io/frame_file.hpp"
#include "heatloop/models/registry.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "heatloop/runner/runner.hpp"
#include "runner/fingerprint.hpp"
#include "runner/run_labels.hpp"
#include "runner/run_metrics.hpp"
#include "runner/split.hpp"

namespace heatloop::runner {

namespace fs = std::filesystem;

namespace {

// The configured units, or every unit with data; each must exist and have data.
std::vector<std::string> resolve_units(const RunConfig& config, const io::Workspace& ws) {
    std::vector<std::string> ids = config.data.units;
    if (ids.empty()) {
        for (const std::string& id : ws.unit_ids())
            if (ws.unit(id).data.rows > 0) ids.push_back(id);
        if (ids.empty())
            throw InvalidInputError(
                fmt::format("workspace {} has no unit with sensor data; ingest some first",
                            ws.root().string()));
    }
    for (const std::string& id : ids) {
        if (!ws.has_unit(id))
            throw NotFoundError(fmt::format("data.units: no unit '{}' in workspace {} (units: {})",
                                            id, ws.root().string(),
                                            fmt::join(ws.unit_ids(), ", ")));
        if (ws.unit(id).data.rows == 0)
            throw InvalidInputError(fmt::format("data.units: unit '{}' has no sensor data", id));
    }
    for (const std::string& id : config.data.eval_units)
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            throw InvalidInputError(
                fmt::format("data.eval_units: '{}' is not among the run's units ({})", id,
                            fmt::join(ids, ", ")));
    return ids;
}

// Which rows of a unit fall inside its spans in `spans` (labelled periods).
std::vector<bool> rows_in(const std::vector<Timestamp>& time,
                          const std::map<std::string, std::vector<GapSpan>>& spans,
                          const std::string& unit_id) {
    std::vector<bool> in(time.size(), false);
    auto it = spans.find(unit_id);
    if (it == spans.end()) return in;
    for (const GapSpan& s : it->second) {
        auto b = std::lower_bound(time.begin(), time.end(), s.start);
        auto e = std::lower_bound(time.begin(), time.end(), s.end);
        std::fill(in.begin() + (b - time.begin()), in.begin() + (e - time.begin()), true);
    }
    return in;
}

void write_json(const fs::path& file, const nlohmann::json& j) {
    std::ofstream out(file);
    out << j.dump(2) << '\n';
    if (!out) throw IoError(fmt::format("cannot write {}", file.string()));
}

// A temporary directory for the outputs before they are logged as artifacts.
class ScratchDir {
public:
    explicit ScratchDir(const fs::path& parent, const std::string& run_id)
        : path_(parent / ("tmp-" + run_id)) {
        fs::create_directories(path_ / "outputs");
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// The unit's evaluation rows as a run output: its score, and mode / outdoor temperature for
// the breakdowns; the data gaps come along with the slice.
UnitFrame output_frame(const UnitFrame& frame, const std::vector<double>& scores, RowRange r) {
    UnitFrame sliced = frame.slice(r.begin, r.end);
    UnitFrame out(frame.unit_id());
    out.set_grid(sliced.rows() ? sliced.time().front() : 0, frame.step(), sliced.rows());
    out.get_or_add("score").values.assign(scores.begin() + static_cast<std::ptrdiff_t>(r.begin),
                                          scores.begin() + static_cast<std::ptrdiff_t>(r.end));
    for (const char* name : {"mode", "t_outdoor"})
        if (const Channel* c = sliced.find(name)) out.get_or_add(name).values = c->values;
    out.gaps() = sliced.gaps();
    return out;
}

}  // namespace

RunResult execute_run(const RunConfig& config, const RunEnvironment& env) {
    auto status = [&](const std::string& s) {
        if (env.status) env.status(s);
    };
    const io::Workspace& ws = env.workspace;
    const std::vector<std::string> unit_ids = resolve_units(config, ws);
    const RunLabels labels = load_run_labels(env.db, std::nullopt);
    auto detector = models::make_detector(config.detector, config.params);
    const int threads = static_cast<int>(
        env.threads ? env.threads : std::max(1u, std::thread::hardware_concurrency()));

    status(fmt::format("loading {} units", unit_ids.size()));
    std::vector<UnitFrame> frames;
    std::vector<UnitPlan> plans;
    {
        Progress progress("loading", unit_ids.size(), env.progress);
        for (const std::string& id : unit_ids) {
            frames.push_back(ws.load_unit_with_weather(id));
            plans.push_back(plan_unit(id, frames.back().time(), config.data));
            progress.add();
        }
    }
    std::vector<UnitFrame> train;
    std::size_t masked_total = 0;
    RunResult result;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (!plans[i].train.empty()) {
            std::size_t masked = 0;
            static const std::vector<GapSpan> none;
            auto it = labels.anomalous.find(unit_ids[i]);
            train.push_back(training_frame(
                frames[i], plans[i].train,
                config.data.exclude_labels_from_training && it != labels.anomalous.end()
                    ? it->second
                    : none,
                masked));
            masked_total += masked;
            result.train_units.push_back(unit_ids[i]);
        }
        if (!plans[i].eval.empty()) result.eval_units.push_back(unit_ids[i]);
    }
    if (train.empty())
        throw InvalidInputError(fmt::format("no unit has training data under data.split = \"{}\"",
                                            split_name(config.data.split)));
    if (result.eval_units.empty())
        throw InvalidInputError(
            fmt::format("no unit has data to evaluate under data.split = \"{}\"",
                        split_name(config.data.split)));

    result.label_revision = labels.revision;
    result.dataset_fingerprint = dataset_fingerprint(ws, unit_ids);
    tracking::RunSpec spec;
    spec.experiment = config.experiment;
    spec.name = config.name;
    spec.config_text = config.text;
    spec.dataset_fingerprint = result.dataset_fingerprint;
    spec.label_revision = labels.revision;
    tracking::RunLogger run = env.tracker.start_run(spec);
    result.run_id = run.id();
    try {
        log_run_params(run, config, detector->params(), unit_ids, result, masked_total);

        status(fmt::format("fitting {} on {} units", config.detector, train.size()));
        detector->fit(train, models::ModelContext{config.seed, threads});
        train.clear();

        // Score every unit whole (detectors look back in time), pool the training rows'
        // scores for the threshold, keep the evaluation rows.
        std::vector<double> training_scores;
        std::vector<std::vector<double>> scores(frames.size());
        {
            Progress progress("scoring", frames.size(), env.progress);
            for (std::size_t i = 0; i < frames.size(); ++i) {
                scores[i] = detector->score(frames[i]);
                const RowRange r = plans[i].train;
                const std::vector<bool> masked =
                    config.data.exclude_labels_from_training
                        ? rows_in(frames[i].time(), labels.anomalous, unit_ids[i])
                        : std::vector<bool>(frames[i].rows(), false);
                for (std::size_t k = r.begin; k < r.end; ++k)
                    if (!masked[k]) training_scores.push_back(scores[i][k]);
                progress.add();
            }
        }
        const double threshold = alarms::resolve_threshold(config.alarms, training_scores);
        training_scores = {};

        const ScratchDir scratch(ws.artifacts_dir(), run.id());
        std::vector<eval::UnitData> units;
        nlohmann::json unit_summaries = nlohmann::json::array(),
                       all_alarms = nlohmann::json::array();
        for (std::size_t i = 0; i < frames.size(); ++i) {
            if (plans[i].eval.empty()) continue;
            UnitOutput o{unit_ids[i], ws.unit(unit_ids[i]).info.type, threshold,
                         output_frame(frames[i], scores[i], plans[i].eval)};
            const std::string file = unit_output_path(o.unit_id);
            io::write_frame_file(scratch.path() / file, o.frame, "scores");
            const UnitFrame& f = o.frame;
            auto events = alarms::make_alarms(
                o.unit_id, alarms::ScoreSeries{f.time(), f.at("score").values, f.step()}, threshold,
                config.alarms);
            for (const auto& e : events) all_alarms.push_back(alarms::to_json(e));
            result.alarms += events.size();
            unit_summaries.push_back({{"unit_id", o.unit_id},
                                      {"unit_type", o.unit_type},
                                      {"file", file},
                                      {"threshold", threshold},
                                      {"train_rows", plans[i].train.end - plans[i].train.begin},
                                      {"eval_rows", f.rows()},
                                      {"alarms", events.size()}});
            units.push_back(unit_data(o, std::move(events)));
        }
        frames.clear();
        scores.clear();

        status(fmt::format("evaluating {} units against label revision {}", units.size(),
                           labels.revision));
        result.evaluation = eval::evaluate(units, labels.labels, config.evaluation);
        result.curve =
            eval::delay_false_alarm_curve(units, labels.labels, config.alarms, config.evaluation,
                                          eval::default_curve_quantiles());

        const nlohmann::json summary = {{"format_version", k_run_outputs_format},
                                        {"run_id", run.id()},
                                        {"detector", config.detector},
                                        {"params", detector->params()},
                                        {"threshold", threshold},
                                        {"label_revision", labels.revision},
                                        {"dataset_fingerprint", result.dataset_fingerprint},
                                        {"split", split_name(config.data.split)},
                                        {"train_units", result.train_units},
                                        {"units", unit_summaries},
                                        {"alarm_policy", alarms::to_json(config.alarms)},
                                        {"evaluation_options", eval::to_json(config.evaluation)}};
        write_json(scratch.path() / "summary.json", summary);
        write_json(scratch.path() / "alarms.json", all_alarms);
        write_json(scratch.path() / "evaluation.json", eval::to_json(result.evaluation));
        write_json(scratch.path() / "curve.json", eval::to_json(result.curve));
        write_json(scratch.path() / "model.json", detector->save());
        { std::ofstream(scratch.path() / "config.toml") << config.text; }
        for (const auto& e : fs::recursive_directory_iterator(scratch.path()))
            if (e.is_regular_file())
                run.log_artifact(e.path(), fs::relative(e.path(), scratch.path()).generic_string());

        log_evaluation_metrics(run, result.evaluation, labels.revision, /*per_unit=*/true);
        run.log_metric("alarms", static_cast<double>(result.alarms), labels.revision);
        run.log_metric("threshold", threshold, labels.revision);
        run.end(tracking::RunStatus::finished);
    } catch (...) {
        run.end(tracking::RunStatus::failed);
        throw;
    }
    return result;
}

}  // namespace heatloop::runner
