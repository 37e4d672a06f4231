#include "web/run_views.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "heatloop/tracking/run_store.hpp"
#include "heatloop/tracking/tracker.hpp"
#include "heatloop/web/api_error.hpp"
#include "web/app_state.hpp"

namespace heatloop::web {

tracking::RunInfo find_run(Call& call, const std::string& id_or_prefix) {
    return tracking::RunStore(call.db()).get_run(id_or_prefix);
}

std::shared_ptr<const runner::RunOutputs> run_outputs(Call& call, const tracking::RunInfo& run) {
    try {
        return call.app().runs.outputs(run.id, call.workspace().artifacts_dir() / run.id);
    } catch (const NotFoundError&) {
        throw ApiError(
            404, "not_found",
            fmt::format("run {} has no stored outputs (it did not finish scoring)", run.id));
    }
}

const eval::UnitData& run_unit(const runner::RunOutputs& out, const std::string& run_id,
                               const std::string& unit_id) {
    for (const eval::UnitData& u : out.units)
        if (u.unit_id == unit_id) return u;
    throw ApiError(404, "not_found",
                   fmt::format("run {} did not evaluate unit '{}'", run_id, unit_id));
}

std::shared_ptr<const UnitFrame> run_score_channels(Call& call, const runner::RunOutputs& out,
                                                    const std::string& run_id,
                                                    const std::string& unit_id) {
    run_unit(out, run_id, unit_id);  // 404 unless evaluated
    std::string file;
    for (const nlohmann::json& u : out.summary.at("units"))
        if (u.value("unit_id", "") == unit_id) file = u.value("file", "");
    if (file.empty())
        throw InternalError(
            fmt::format("run {}: summary.json names no output file of unit '{}'", run_id, unit_id));
    return call.app().runs.score_channels(run_id, unit_id,
                                          call.workspace().artifacts_dir() / run_id / file);
}

std::shared_ptr<const runner::ReEvaluation> run_evaluation(Call& call, const tracking::RunInfo& run,
                                                           std::int64_t revision) {
    run_outputs(call, run);  // 404 unless it has outputs
    tracking::Tracker tracker(call.db(), call.workspace().root());
    const runner::RunEnvironment env{call.workspace(), call.db(), tracker, 1, false, {}};
    return call.app().runs.evaluation(run.id, revision, env);
}

}  // namespace heatloop::web
