#pragma once
/// The run-tracking API that `heatloop run` and scripts use: start a run in an experiment,
/// log params, metric points and artifacts, end it with a status. Everything lands in the
/// workspace database and artifacts/<run-id>/; with an MLflow URL the run is mirrored live,
/// and when the server cannot be reached the run completes locally, stays unsynced, and
/// `heatloop runs sync` mirrors it later.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "heatloop/store/db.hpp"
#include "heatloop/tracking/mlflow_mirror.hpp"
#include "heatloop/tracking/run.hpp"
#include "heatloop/tracking/run_store.hpp"

namespace heatloop::tracking {

/// How a Tracker logs.
struct TrackerOptions {
    std::string mlflow_url;        ///< mirror every run here ("" = no mirror)
    HttpRetryPolicy mlflow_retry;  ///< retries and timeouts of the mirror
    /// Receives warnings (mirror failures); default: "warning: ..." on stderr.
    std::function<void(const std::string&)> on_warning;
    /// Metric points held in memory before they are written in one transaction.
    std::size_t metric_buffer = 1000;
    /// Time source in ms (tests may fix it); default: the system clock.
    std::function<Timestamp()> clock;
};

class RunLogger;

/// Opens runs in one workspace.
class Tracker {
public:
    /// Log into `db` (already migrated) with artifacts under `workspace`.
    Tracker(store::Db& db, std::filesystem::path workspace, TrackerOptions options = {});
    /// Open the workspace's database (SQLite in the workspace, or PostgreSQL for a
    /// postgresql:// `db_url`), migrating it, and log there.
    static std::unique_ptr<Tracker> open(const std::filesystem::path& workspace,
                                         const std::string& db_url = {},
                                         TrackerOptions options = {});
    ~Tracker();
    Tracker(const Tracker&) = delete;
    Tracker& operator=(const Tracker&) = delete;

    /// Start a RUNNING run (creating its experiment when needed) and return its logger.
    RunLogger start_run(const RunSpec& spec);

    /// The tracking store (reads, and writes outside a logger).
    RunStore& store() noexcept { return store_; }
    /// The MLflow mirror, or nullptr without an MLflow URL.
    MlflowMirror* mirror() noexcept { return mirror_.get(); }
    /// The workspace directory.
    const std::filesystem::path& workspace() const noexcept { return workspace_; }
    /// <workspace>/artifacts/<run-id>.
    std::filesystem::path artifact_dir(const std::string& run_id) const;

private:
    friend class RunLogger;
    void warn(const std::string& message) const;

    std::unique_ptr<store::Db> owned_db_;
    std::filesystem::path workspace_;
    TrackerOptions options_;
    RunStore store_;
    std::unique_ptr<MlflowMirror> mirror_;
};

/// Logs into one run. Metric points are buffered (TrackerOptions::metric_buffer) and
/// written by flush() and end(); params and artifacts are written at once. A logger
/// destroyed before end() ends its run as FAILED.
class RunLogger {
public:
    RunLogger(RunLogger&& other) noexcept;
    RunLogger& operator=(RunLogger&&) = delete;
    RunLogger(const RunLogger&) = delete;
    RunLogger& operator=(const RunLogger&) = delete;
    ~RunLogger();

    /// The run as started (status and end time updated by end()).
    const RunInfo& info() const noexcept { return info_; }
    /// The run's id.
    const std::string& id() const noexcept { return info_.id; }

    /// Record one param (see RunStore::log_params for repeats and conflicts).
    void log_param(const std::string& key, const std::string& value);
    /// Record several params in one transaction.
    void log_params(std::span<const Param> params);
    /// Buffer one metric point; `timestamp` defaults to now, `unit_id` names a heat-pump unit
    /// for a per-unit metric.
    void log_metric(const std::string& key, double value, std::int64_t step = 0,
                    std::optional<Timestamp> timestamp = {},
                    std::optional<std::string> unit_id = {});
    /// Write many points at once (after any buffered ones), in one transaction.
    void log_metrics(std::span<const Metric> metrics);
    /// Copy `file` to artifacts/<run-id>/<artifact_path> (default: the file's name) and
    /// record its size and SHA-256. InvalidInputError for an absolute path or one with
    /// "..", IoError when the file cannot be copied.
    Artifact log_artifact(const std::filesystem::path& file, const std::string& artifact_path = {});
    /// Record the label revision the run is evaluated against.
    void set_label_revision(std::int64_t revision);
    /// Record the dataset fingerprint.
    void set_dataset_fingerprint(const std::string& fingerprint);

    /// Write buffered points and push what MLflow lacks (when mirroring).
    void flush();
    /// Flush, set the final status and end time, and finish the MLflow mirror. Once only.
    void end(RunStatus status = RunStatus::finished);
    /// True once end() has run.
    bool ended() const noexcept { return ended_; }
    /// True while the MLflow mirror of this run is healthy (false without a mirror).
    bool mirroring() const noexcept { return mirror_ok_; }

private:
    friend class Tracker;
    RunLogger(Tracker& tracker, RunInfo info);
    void write_buffer();
    void mirror_push();

    Tracker* tracker_;
    RunInfo info_;
    std::vector<Metric> buffer_;
    bool mirror_ok_ = false;
    bool ended_ = false;
};

}  // namespace heatloop::tracking
