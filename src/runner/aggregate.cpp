// `heatloop runs aggregate`: several runs measured as one, for users who split a fleet into
// many runs (one per unit, one per site).
#include <fmt/format.h>

#include <map>
#include <optional>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/options.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "heatloop/runner/runner.hpp"
#include "heatloop/store/label_service.hpp"
#include "runner/run_labels.hpp"

namespace heatloop::runner {

Aggregate aggregate_runs(std::span<const std::string> run_ids, std::optional<std::int64_t> revision,
                         const RunEnvironment& env) {
    if (run_ids.empty()) throw InvalidInputError("runs aggregate: name at least one run");
    const std::int64_t latest = store::LabelService(env.db).current_revision();
    if (revision && (*revision < 0 || *revision > latest))
        throw InvalidInputError(fmt::format(
            "--labels-revision {}: the label store has revisions 0 to {}", *revision, latest));
    Aggregate out;
    std::vector<eval::UnitData> units;
    std::map<std::string, std::string> unit_run;  // unit -> the run that evaluated it
    std::optional<nlohmann::json> options;
    eval::EvalOptions eval_options;
    for (const std::string& id : run_ids) {
        const tracking::RunInfo info = env.tracker.store().get_run(id);
        RunOutputs o = read_run_outputs(env.tracker.artifact_dir(info.id));
        const nlohmann::json these = eval::to_json(o.options);
        if (!options) {
            options = these;
            eval_options = o.options;
        } else if (*options != these) {
            throw InvalidInputError(fmt::format(
                "run {} is evaluated with {} but run {} with {}: aggregate runs measured the "
                "same way",
                info.id, these.dump(), out.run_ids.front(), options->dump()));
        }
        for (eval::UnitData& u : o.units) {
            auto [it, fresh] = unit_run.emplace(u.unit_id, info.id);
            if (!fresh)
                throw InvalidInputError(
                    fmt::format("unit {} is evaluated by run {} and run {}: aggregate runs over "
                                "different units",
                                u.unit_id, it->second, info.id));
            units.push_back(std::move(u));
        }
        out.run_ids.push_back(info.id);
    }
    const RunLabels labels = load_run_labels(env.db, revision ? *revision : latest);
    out.revision = labels.revision;
    out.result = eval::evaluate(units, labels.labels, eval_options);
    return out;
}

}  // namespace heatloop::runner
