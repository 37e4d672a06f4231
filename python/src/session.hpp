#pragma once
// One open workspace as Python sees it: the directory (its manifest re-read per call, so an
// ingest by anyone is seen), and, opened on first use, the label and run database (SQLite in
// the workspace or PostgreSQL by URL) with its tracker. One mutex serializes the database
// connection, which is not thread-safe, while calls run with the GIL released.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "heatloop/io/workspace.hpp"
#include "heatloop/runner/runner.hpp"
#include "heatloop/store/label_service.hpp"
#include "heatloop/tracking/tracker.hpp"

namespace heatloop::python {

class Session {
public:
    Session(std::filesystem::path root, std::string db_url, std::string mlflow_url);

    const std::filesystem::path& root() const noexcept { return root_; }
    const std::string& db_url() const noexcept { return db_url_; }
    /// The workspace as it is now (NotFoundError when it is not one).
    io::Workspace workspace() const { return io::Workspace::open(root_); }
    /// The tracker (and its database), opened and migrated on first use.
    tracking::Tracker& tracker();
    /// The label service over the tracker's database.
    store::LabelService& labels();
    /// The units and households of the workspace copied into the label store (as the CLI
    /// does before label changes), so labels can be checked against them.
    void sync_units();
    /// The environment runs and evaluations read from `ws` (kept alive by the caller).
    runner::RunEnvironment environment(const io::Workspace& ws, unsigned threads);
    /// Closes the database; the next call opens it again.
    void close();
    /// Held around every use of the database.
    std::mutex& mutex() noexcept { return mutex_; }

private:
    std::filesystem::path root_;
    std::string db_url_, mlflow_url_;
    std::mutex mutex_;
    std::unique_ptr<tracking::Tracker> tracker_;
    std::unique_ptr<store::LabelService> labels_;
};

}  // namespace heatloop::python
