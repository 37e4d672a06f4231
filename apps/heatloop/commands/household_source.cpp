#include "commands/household_source.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "commands/runs/runs_common.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/store/label_service.hpp"

namespace heatloop::cli {

HouseholdEvents find_household_events(const io::Workspace& ws, const std::string& workspace,
                                      const UnitFrame& frame, const std::string& run,
                                      const GlobalOptions& global) {
    HouseholdEvents out;
    if (global.db.empty() && !std::filesystem::exists(ws.db_path())) {
        if (!run.empty())
            throw NotFoundError(fmt::format("--run {}: workspace {} has no runs", run, workspace));
        return out;
    }
    auto tracker = runs::open_tracker(workspace, global, /*must_exist=*/true, /*mirror=*/false);
    if (!run.empty()) {
        out.source.run_id = tracker->store().get_run(run).id;
        out.source.run_dir = ws.artifacts_dir() / out.source.run_id;
    }
    store::LabelService labels(tracker->store().db());
    out.events = hotwater::household_events(labels, frame, out.source);
    return out;
}

}  // namespace heatloop::cli
