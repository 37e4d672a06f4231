// The finishing step of a detector run: score each unit with its model, calibrate one
// threshold per model on rows it was not fitted on, raise alarms, store the outputs and
// evaluate them against the labels.
#include <fmt/format.h>

#include <algorithm>

#include "heatloop/alarms/alarm_event.hpp"
#include "heatloop/alarms/events.hpp"
#include "heatloop/alarms/threshold.hpp"
#include "heatloop/core/progress.hpp"
#include "heatloop/eval/result_json.hpp"
#include "heatloop/io/frame_file.hpp"
#include "heatloop/runner/predict_unit.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "runner/run_metrics.hpp"
#include "runner/run_state.hpp"

namespace heatloop::runner {

namespace {

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

// The unit's evaluation rows as a run output: its score, the detector's extra score channels
// ("score.<name>"), and mode / outdoor temperature for the breakdowns; the data gaps come
// along with the slice.
UnitFrame output_frame(const UnitFrame& frame, const std::vector<double>& scores,
                       const std::vector<models::ScoreChannel>& extra, RowRange r) {
    UnitFrame sliced = frame.slice(r.begin, r.end);
    UnitFrame out(frame.unit_id());
    out.set_grid(sliced.rows() ? sliced.time().front() : 0, frame.step(), sliced.rows());
    const auto b = static_cast<std::ptrdiff_t>(r.begin), e = static_cast<std::ptrdiff_t>(r.end);
    // Every channel added before taking references (adding one may move the others).
    out.get_or_add("score");
    for (const models::ScoreChannel& c : extra) out.get_or_add(score_channel_name(c.name));
    out.get_or_add("score").values.assign(scores.begin() + b, scores.begin() + e);
    for (const models::ScoreChannel& c : extra)
        out.get_or_add(score_channel_name(c.name))
            .values.assign(c.values.begin() + b, c.values.begin() + e);
    for (const char* name : {"mode", "t_outdoor"})
        if (const Channel* c = sliced.find(name)) out.get_or_add(name).values = c->values;
    out.gaps() = sliced.gaps();
    return out;
}

// Where a threshold came from, as the run records it.
std::string threshold_source(const RunConfig& config) {
    if (config.alarms.method == alarms::ThresholdMethod::fixed) return "fixed";
    return config.data.calibration_fraction > 0.0 ? "calibration" : "training";
}

}  // namespace

nlohmann::json finish_detector_run(RunState& s, tracking::RunLogger& run, RunResult& result) {
    const RunConfig& config = s.config;
    const std::size_t n = s.frames.size();
    const bool calibrate = config.data.calibration_fraction > 0.0;

    // Score every unit its models need, whole (detectors look back in time): the units a
    // model evaluates, and its training units' held-out (or training) rows for its threshold.
    std::vector<std::vector<double>> scores(n);
    std::vector<std::vector<models::ScoreChannel>> extra(n);
    std::vector<double> thresholds(s.plan.models.size());
    std::vector<std::size_t> calibration_rows(s.plan.models.size(), 0);
    {
        Progress progress("scoring", result.eval_units.size(), s.env.progress);
        for (std::size_t m = 0; m < s.plan.models.size(); ++m) {
            std::vector<double> calibration;
            std::vector<bool> trains(n, false);
            for (std::size_t i : s.plan.models[m].train) trains[i] = true;
            for (std::size_t i = 0; i < n; ++i) {
                const bool evaluates = s.plan.units[i].model == m && !s.plan.units[i].eval.empty();
                if (!trains[i] && !evaluates) continue;
                UnitPrediction prediction = unit_prediction(s, m, i);
                std::vector<double> unit_scores = std::move(prediction.scores);
                if (trains[i]) {
                    const RowRange r =
                        calibrate ? s.plan.units[i].calibration : s.plan.units[i].train;
                    const std::vector<bool> masked =
                        config.data.exclude_labels_from_training
                            ? rows_in(s.frames[i].time(), s.labels.anomalous, s.unit_ids[i])
                            : std::vector<bool>(s.frames[i].rows(), false);
                    for (std::size_t k = r.begin; k < r.end; ++k)
                        if (!masked[k]) calibration.push_back(unit_scores[k]);
                }
                if (evaluates) {
                    scores[i] = std::move(unit_scores);
                    extra[i] = std::move(prediction.score_channels);
                    progress.add();
                }
            }
            calibration_rows[m] = calibration.size();
            try {
                thresholds[m] = alarms::resolve_threshold(config.alarms, calibration);
            } catch (const InvalidInputError& e) {
                throw InvalidInputError(
                    fmt::format("model {}: {} ({} {} rows)", s.plan.models[m].key, e.what(),
                                calibration.size(), calibrate ? "calibration" : "training"));
            }
        }
    }

    std::vector<eval::UnitData> units;
    nlohmann::json unit_summaries = nlohmann::json::array(), all_alarms = nlohmann::json::array();
    for (std::size_t i = 0; i < n; ++i) {
        const UnitPlan& p = s.plan.units[i];
        if (p.eval.empty()) continue;
        const double threshold = thresholds[p.model];
        UnitOutput o{s.unit_ids[i], s.env.workspace.unit(s.unit_ids[i]).info.type, threshold,
                     output_frame(s.frames[i], scores[i], extra[i], p.eval)};
        const std::string file = unit_output_path(o.unit_id);
        io::write_frame_file(s.scratch / file, o.frame, "scores");
        const UnitFrame& f = o.frame;
        auto events = alarms::make_alarms(
            o.unit_id, alarms::ScoreSeries{f.time(), f.at("score").values, f.step()}, threshold,
            config.alarms);
        for (const auto& e : events) all_alarms.push_back(alarms::to_json(e));
        result.alarms += events.size();
        unit_summaries.push_back({{"unit_id", o.unit_id},
                                  {"unit_type", o.unit_type},
                                  {"file", file},
                                  {"model", s.plan.models[p.model].key},
                                  {"threshold", threshold},
                                  {"train_rows", p.train.size()},
                                  {"calibration_rows", p.calibration.size()},
                                  {"eval_rows", f.rows()},
                                  {"alarms", events.size()}});
        units.push_back(unit_data(o, std::move(events)));
        scores[i] = {};
        extra[i] = {};
    }

    if (s.env.status)
        s.env.status(fmt::format("evaluating {} units against label revision {}", units.size(),
                                 s.labels.revision));
    result.evaluation = eval::evaluate(units, s.labels.labels, config.evaluation);
    result.curve = eval::delay_false_alarm_curve(
        units, s.labels.labels, config.alarms, config.evaluation, eval::default_curve_quantiles());
    result.evaluation_json = eval::to_json(result.evaluation);
    write_json(s.scratch / "alarms.json", all_alarms);
    write_json(s.scratch / "curve.json", eval::to_json(result.curve));

    log_evaluation_metrics(run, result.evaluation, s.labels.revision, /*per_unit=*/true);
    run.log_metric("alarms", static_cast<double>(result.alarms), s.labels.revision);
    nlohmann::json model_thresholds = nlohmann::json::array();
    for (std::size_t m = 0; m < thresholds.size(); ++m)
        model_thresholds.push_back({{"key", s.plan.models[m].key},
                                    {"threshold", thresholds[m]},
                                    {"threshold_source", threshold_source(config)},
                                    {"threshold_rows", calibration_rows[m]}});
    // One model: the fleet's threshold, as runs before model scopes logged it.
    if (thresholds.size() == 1) run.log_metric("threshold", thresholds[0], s.labels.revision);
    return {
        {"threshold", thresholds.size() == 1 ? nlohmann::json(thresholds[0]) : nlohmann::json()},
        {"threshold_source", threshold_source(config)},
        {"thresholds", model_thresholds},
        {"units", unit_summaries},
        {"alarm_policy", alarms::to_json(config.alarms)},
        {"evaluation_options", eval::to_json(config.evaluation)}};
}

}  // namespace heatloop::runner
