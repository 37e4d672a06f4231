#include "commands/runs/runs_common.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "heatloop/core/error.hpp"

namespace heatloop::cli::runs {

runner::RunEnvironment run_environment(const io::Workspace& ws, tracking::Tracker& tracker,
                                       const GlobalOptions& global) {
    return {ws,
            tracker.store().db(),
            tracker,
            static_cast<unsigned>(global.threads),
            !global.json,
            [&global](const std::string& s) {
                if (!global.json) fmt::print(stderr, "{}\n", s);
            }};
}

std::unique_ptr<tracking::Tracker> open_tracker(const std::string& workspace,
                                                const GlobalOptions& global, bool must_exist,
                                                bool mirror) {
    if (must_exist && !store::is_postgres_url(global.db) &&
        !std::filesystem::exists(std::filesystem::path(workspace) / "heatloop.db"))
        throw NotFoundError(
            fmt::format("workspace {} has no heatloop.db (no runs logged yet)", workspace));
    tracking::TrackerOptions options;
    if (mirror) options.mlflow_url = global.mlflow;
    return tracking::Tracker::open(workspace, global.db, std::move(options));
}

std::string format_elapsed(Timestamp ms) {
    if (ms < 60'000) return fmt::format("{:.1f}s", static_cast<double>(ms) / 1000.0);
    Timestamp s = ms / 1000;
    if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
    return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

std::string format_value(double v) {
    if (std::isnan(v)) return "nan";
    return fmt::format("{:.6g}", v);
}

}  // namespace heatloop::cli::runs
