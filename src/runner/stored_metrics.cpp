// What a stored run says about itself without re-evaluation: its model kind, and the
// per-unit metrics of its evaluation.json (forecaster runs, whose metrics do not depend on
// labels).
#include <fmt/format.h>

#include <cmath>
#include <fstream>

#include "heatloop/core/error.hpp"
#include "heatloop/runner/runner.hpp"

namespace heatloop::runner {

namespace {

nlohmann::json read_artifact(const std::string& run_id, const char* name,
                             const RunEnvironment& env) {
    const tracking::RunInfo info = env.tracker.store().get_run(run_id);
    const auto file = env.tracker.artifact_dir(info.id) / name;
    std::ifstream in(file);
    if (!in)
        throw NotFoundError(fmt::format("run {} has no {} (it did not finish)", info.id, name));
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw IoError(fmt::format("{}: damaged (not a JSON object)", file.string()));
    return j;
}

}  // namespace

models::ModelKind run_kind(const std::string& run_id, const RunEnvironment& env) {
    const nlohmann::json summary = read_artifact(run_id, "summary.json", env);
    const auto kind = summary.find("kind");
    return kind != summary.end() && kind->is_string() ? models::parse_kind(kind->get<std::string>())
                                                      : models::ModelKind::detector;
}

std::map<std::string, double> stored_unit_metric(const std::string& run_id, std::string_view metric,
                                                 const RunEnvironment& env) {
    const nlohmann::json doc = read_artifact(run_id, "evaluation.json", env);
    std::map<std::string, double> out;
    std::vector<std::string> have;
    for (const nlohmann::json& u : doc.value("units", nlohmann::json::array())) {
        const nlohmann::json m = u.value("metrics", nlohmann::json::object());
        if (have.empty())
            for (const auto& [k, v] : m.items()) have.push_back(k);
        const auto it = m.find(std::string(metric));
        if (it == m.end())
            throw InvalidInputError(fmt::format("run {} has no per-unit metric '{}' (it has: {})",
                                                run_id, metric, fmt::join(have, ", ")));
        out[u.value("unit_id", "")] = it->is_number() ? it->get<double>() : std::nan("");
    }
    return out;
}

}  // namespace heatloop::runner
