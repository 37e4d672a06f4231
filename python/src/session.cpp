#include "session.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "heatloop/store/households.hpp"

namespace heatloop::python {

Session::Session(std::filesystem::path root, std::string db_url, std::string mlflow_url)
    : root_(std::move(root)), db_url_(std::move(db_url)), mlflow_url_(std::move(mlflow_url)) {}

tracking::Tracker& Session::tracker() {
    if (!tracker_) {
        if (!store::is_postgres_url(db_url_) && !std::filesystem::is_directory(root_))
            throw NotFoundError(
                fmt::format("workspace {}: no such directory (create it with Workspace.ingest)",
                            root_.string()));
        tracking::TrackerOptions options;
        options.mlflow_url = mlflow_url_;
        tracker_ = tracking::Tracker::open(root_, db_url_, std::move(options));
    }
    return *tracker_;
}

store::LabelService& Session::labels() {
    if (!labels_) labels_ = std::make_unique<store::LabelService>(tracker().store().db());
    return *labels_;
}

void Session::sync_units() {
    if (!io::Workspace::is_workspace(root_) ||
        !std::filesystem::exists(root_ / "data" / "manifest.json"))
        return;
    const io::Workspace ws = workspace();
    const auto units = ws.units();
    if (!units.empty()) labels().sync_units(units);
    const auto households = ws.households();
    if (!households.empty()) store::sync_households(tracker().store().db(), households);
}

runner::RunEnvironment Session::environment(const io::Workspace& ws, unsigned threads) {
    tracking::Tracker& t = tracker();
    return {ws, t.store().db(), t, threads, /*progress=*/false, {}};
}

void Session::close() {
    labels_.reset();
    tracker_.reset();
}

}  // namespace heatloop::python
