#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <fstream>

#include "heatloop/core/error.hpp"
#include "heatloop/core/sha256.hpp"
#include "heatloop/eval/metrics.hpp"
#include "heatloop/eval/result_json.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "heatloop/runner/runner.hpp"
#include "heatloop/store/label_service.hpp"
#include "runner/run_labels.hpp"
#include "runner/run_metrics.hpp"

namespace heatloop::runner {

namespace fs = std::filesystem;

namespace {

double number_or_nan(const nlohmann::json& j, const std::string& key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : std::nan("");
}

bool same(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

// Compares the metrics objects of one scope.
void compare_scope(const std::string& scope, const nlohmann::json& before,
                   const nlohmann::json& after, std::vector<MetricChange>& out) {
    for (const eval::MetricField& f : eval::metric_fields()) {
        const std::string key(f.name);
        // A metric newer than the stored evaluation is new, not changed.
        if (before.is_object() && !before.contains(key)) continue;
        const double b = number_or_nan(before, key), a = number_or_nan(after, key);
        if (!same(a, b)) out.push_back({scope, key, b, a});
    }
}

nlohmann::json metrics_of_unit(const nlohmann::json& doc, const std::string& unit_id) {
    for (const nlohmann::json& u : doc.value("units", nlohmann::json::array()))
        if (u.value("unit_id", "") == unit_id) return u.value("metrics", nlohmann::json::object());
    return nlohmann::json::object();
}

}  // namespace

std::vector<MetricChange> changed_metrics(const nlohmann::json& before,
                                          const nlohmann::json& after) {
    std::vector<MetricChange> out;
    compare_scope("micro", before.value("micro", nlohmann::json::object()),
                  after.value("micro", nlohmann::json::object()), out);
    compare_scope("macro", before.value("macro", nlohmann::json::object()),
                  after.value("macro", nlohmann::json::object()), out);
    for (const nlohmann::json& u : after.value("units", nlohmann::json::array())) {
        const std::string id = u.value("unit_id", "");
        compare_scope(id, metrics_of_unit(before, id), u.value("metrics", nlohmann::json::object()),
                      out);
    }
    return out;
}

eval::EvaluationResult evaluate_run_outputs(const std::string& run_id,
                                            std::span<const eval::EvalLabel> labels,
                                            const RunEnvironment& env) {
    const tracking::RunInfo info = env.tracker.store().get_run(run_id);
    const RunOutputs outputs = read_run_outputs(env.tracker.artifact_dir(info.id));
    return eval::evaluate(outputs.units, labels, outputs.options);
}

ReEvaluation reevaluate_run(const std::string& run_id, std::optional<std::int64_t> revision,
                            const RunEnvironment& env, bool record) {
    tracking::RunStore& store = env.tracker.store();
    const tracking::RunInfo info = store.get_run(run_id);
    const fs::path dir = env.tracker.artifact_dir(info.id);
    const RunOutputs outputs = read_run_outputs(dir);
    const std::int64_t latest = store::LabelService(env.db).current_revision();
    if (revision && (*revision < 0 || *revision > latest))
        throw InvalidInputError(
            fmt::format("--labels-revision {}: the label store has revisions 0 "
                        "to {}",
                        *revision, latest));
    const RunLabels labels = load_run_labels(env.db, revision ? *revision : latest);

    ReEvaluation r;
    r.run_id = info.id;
    r.original_revision = outputs.summary.value("label_revision", std::int64_t{0});
    r.revision = labels.revision;
    r.result = eval::evaluate(outputs.units, labels.labels, outputs.options);
    const nlohmann::json doc = eval::to_json(r.result);

    std::ifstream original_file(dir / "evaluation.json");
    const nlohmann::json original =
        original_file ? nlohmann::json::parse(original_file, nullptr, false) : nlohmann::json();
    if (original.is_discarded() || original.is_null())
        throw IoError(fmt::format("{}: missing or damaged", (dir / "evaluation.json").string()));
    r.changes = changed_metrics(original, doc);
    if (!record) return r;

    const std::string artifact = fmt::format("evaluations/revision-{}.json", r.revision);
    fs::create_directories(dir / "evaluations");
    {
        std::ofstream out(dir / artifact);
        out << doc.dump(2) << '\n';
        if (!out) throw IoError(fmt::format("cannot write {}", (dir / artifact).string()));
    }
    store.record_artifact(
        info.id,
        tracking::Artifact{artifact, static_cast<std::int64_t>(fs::file_size(dir / artifact)),
                           sha256_file(dir / artifact).sha256});
    const Timestamp now = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
    store.log_metrics(info.id, evaluation_metrics(r.result, r.revision, /*per_unit=*/true, now));
    return r;
}

}  // namespace heatloop::runner
