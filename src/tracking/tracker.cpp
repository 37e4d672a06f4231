#include "heatloop/tracking/tracker.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace heatloop::tracking {

Tracker::Tracker(store::Db& db, std::filesystem::path workspace, TrackerOptions options)
    : workspace_(std::move(workspace)), options_(std::move(options)), store_(db, options_.clock) {
    if (!options_.mlflow_url.empty())
        mirror_ = std::make_unique<MlflowMirror>(store_, workspace_, options_.mlflow_url,
                                                 options_.mlflow_retry);
}

std::unique_ptr<Tracker> Tracker::open(const std::filesystem::path& workspace,
                                       const std::string& db_url, TrackerOptions options) {
    auto db = store::open_workspace_db(workspace, db_url);
    auto tracker = std::make_unique<Tracker>(*db, workspace, std::move(options));
    tracker->owned_db_ = std::move(db);
    return tracker;
}

Tracker::~Tracker() = default;

std::filesystem::path Tracker::artifact_dir(const std::string& run_id) const {
    return workspace_ / "artifacts" / run_id;
}

void Tracker::warn(const std::string& message) const {
    if (options_.on_warning)
        options_.on_warning(message);
    else
        fmt::print(stderr, "warning: {}\n", message);
}

RunLogger Tracker::start_run(const RunSpec& spec) {
    RunLogger logger(*this, store_.create_run(spec));
    if (mirror_) {
        logger.mirror_ok_ = true;
        logger.mirror_push();  // creates the MLflow run now, so it shows while it runs
    }
    return logger;
}

}  // namespace heatloop::tracking
