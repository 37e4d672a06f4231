#pragma once
/// Mirrors runs from the workspace's tracking store to an MLflow tracking server. The local
/// store stays the source of truth; the mirror pushes whatever the server has not yet
/// acknowledged, so a run can be mirrored live while it is logged, and any run whose mirror
/// failed (server down) is completed later by `heatloop runs sync`, without duplicating or
/// losing a metric point.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "heatloop/tracking/mlflow_client.hpp"
#include "heatloop/tracking/run_store.hpp"

namespace heatloop::tracking {

/// How far one run is mirrored to one MLflow server (table mlflow_mirror).
struct MirrorState {
    std::string run_id;
    std::string tracking_url;
    std::string experiment_id;  ///< MLflow's experiment id ("" before the run exists there)
    std::string mlflow_run_id;  ///< "" before the run exists there
    std::string artifact_uri;
    std::int64_t metric_cursor = 0;  ///< highest local metrics.id the server acknowledged
    std::int64_t params_sent = 0;    ///< params the server acknowledged
    bool complete = false;           ///< everything, artifacts and final status included
    std::optional<std::string> last_error;
};

/// What one sync of one run did.
struct SyncReport {
    std::string run_id;
    std::string mlflow_run_id;
    bool created = false;  ///< the MLflow run was created by this sync
    std::int64_t metrics_sent = 0;
    std::int64_t params_sent = 0;
    std::int64_t batches = 0;  ///< runs/log-batch requests
    std::int64_t artifacts_sent = 0;
    std::vector<std::string> missing_artifacts;  ///< recorded but no longer on disk
    bool note_sent = false;  ///< the run's note (a new version) went out as mlflow.note.content
    bool complete = false;   ///< the run has ended and is mirrored completely
};

/// What syncing every pending run did.
struct SyncAllReport {
    std::vector<SyncReport> synced;
    std::vector<std::pair<std::string, std::string>> failed;  ///< run id, error
};

/// Name of a run's metric series in MLflow: the key, or "key/unit" for a per-unit series,
/// made valid for MLflow (sanitize_key).
std::string mlflow_metric_key(const Metric& m);

/// The tags a run carries in MLflow: heatloop.run_id, mlflow.source.name ("heatloop"), and
/// when known mlflow.source.git.commit, heatloop.label_revision and
/// heatloop.dataset_fingerprint.
std::vector<KeyValue> mlflow_tags(const RunInfo& run);

/// MLflow's tag of a run's description (the note of its run page).
inline constexpr std::string_view k_mlflow_note_tag = "mlflow.note.content";

/// A note as the value of that tag: the longest prefix of whole UTF-8 characters within
/// MLflow's tag value limit (BatchLimits::max_tag_value_length bytes).
std::string mlflow_note_value(std::string_view text);

/// Pushes runs of one workspace to one MLflow server.
class MlflowMirror {
public:
    /// `workspace` holds artifacts/<run>/; `url` is the server (see MlflowClient).
    MlflowMirror(RunStore& store, std::filesystem::path workspace, const std::string& url,
                 HttpRetryPolicy policy = {});

    /// The server's URL without a trailing slash.
    const std::string& url() const noexcept { return client_.url(); }

    /// Push what the server lacks of `run_id`: create the MLflow run when needed (found
    /// again by its heatloop.run_id tag if an earlier attempt lost the reply), params, tags,
    /// metric points after the acknowledged cursor; and once the run has ended, its
    /// artifacts and final status; and the run's note as mlflow.note.content whenever the server
    /// lacks its current version (also for a run mirrored completely before the note was
    /// edited: then only the note is sent). Throws MlflowError (and records it as the run's last
    /// mirror error) when the server fails; what was acknowledged stays recorded.
    SyncReport sync_run(const std::string& run_id);

    /// Ended runs not yet mirrored completely to this server, or whose note changed since,
    /// oldest first.
    std::vector<std::string> pending_runs();

    /// sync_run for every pending run. Stops at the first unreachable-server error (the
    /// rest would fail the same way); other failures are listed and the next run is tried.
    SyncAllReport sync_pending();

    /// The mirror state of a run on this server, if any attempt was made.
    std::optional<MirrorState> state(const std::string& run_id);

    /// The underlying client (statistics, tests).
    MlflowClient& client() noexcept { return client_; }

private:
    MlflowRun ensure_run(const RunInfo& run, MirrorState& st, SyncReport& report);
    void push_data(const RunInfo& run, MirrorState& st, SyncReport& report);
    void push_artifacts(const RunInfo& run, const MirrorState& st, SyncReport& report);
    void push_note(const RunInfo& run, const MirrorState& st, SyncReport& report);

    RunStore& store_;
    std::filesystem::path workspace_;
    MlflowClient client_;
    std::unordered_set<std::string> verified_;  // MLflow run ids known to exist this session
};

}  // namespace heatloop::tracking
