#pragma once
/// What a tracked run is: its identity and provenance, params, metric points and artifacts
/// (DESIGN.md "Data flow": the tracking store in the workspace database).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/time.hpp"

namespace heatloop::tracking {

/// Lifecycle of a run; the names are MLflow's.
enum class RunStatus { running, finished, failed, killed };

/// "RUNNING", "FINISHED", "FAILED" or "KILLED".
std::string_view run_status_name(RunStatus s);

/// Parse a status name (case-insensitive); InvalidInputError lists the valid ones.
RunStatus parse_run_status(std::string_view text);

/// A named group of runs.
struct Experiment {
    std::int64_t id = 0;
    std::string name;
    Timestamp created_at = 0;
};

/// One run's identity and provenance.
struct RunInfo {
    std::string id;  ///< 32 lowercase hex digits
    std::int64_t experiment_id = 0;
    std::string experiment;  ///< the experiment's name
    std::string name;
    RunStatus status = RunStatus::running;
    Timestamp start_time = 0;
    std::optional<Timestamp> end_time;
    std::optional<std::string> git_commit;  ///< the code's commit, when known
    std::string config_text;                ///< the run's configuration, verbatim
    std::string dataset_fingerprint;
    std::optional<std::int64_t> label_revision;  ///< label-store revision evaluated against
    std::optional<std::string> mlflow_run_id;    ///< set once mirrored to MLflow
    bool mlflow_synced = false;                  ///< mirrored completely
};

/// A string-valued hyperparameter or setting.
struct Param {
    std::string key;
    std::string value;
};

/// One metric point. `unit_id` names the heat-pump unit a per-unit metric belongs to.
struct Metric {
    std::string key;
    double value = 0.0;  ///< NaN allowed
    std::int64_t step = 0;
    Timestamp timestamp = 0;
    std::optional<std::string> unit_id;
};

/// A metric point as stored, with its row id (ids increase in insertion order).
struct StoredMetric {
    std::int64_t id = 0;
    Metric metric;
};

/// A file stored under <workspace>/artifacts/<run-id>/.
struct Artifact {
    std::string path;  ///< relative to the run's artifact directory, '/'-separated
    std::int64_t size = 0;
    std::string sha256;
};

/// A summary of one metric series (key and unit) of a run.
struct MetricSummary {
    std::string key;
    std::optional<std::string> unit_id;
    std::int64_t count = 0;
    double last = 0.0;  ///< value at the highest step (latest timestamp among equals)
    std::int64_t last_step = 0;
    double min = 0.0;  ///< over the non-NaN values (NaN when all are NaN)
    double max = 0.0;
};

/// One version of a run's note (MLflow's run description): free text, usually markdown.
struct RunNote {
    std::string run_id;
    std::int64_t version = 0;  ///< 1, 2, ... for saved versions; 0: the run has no note
    std::string text;
    std::string author;        ///< who saved this version ("" when version is 0)
    Timestamp written_at = 0;  ///< when (0 when version is 0)
};

/// What a new run records at its start.
struct RunSpec {
    std::string experiment = "default";
    std::string name;
    std::string config_text;
    std::string dataset_fingerprint;
    std::optional<std::int64_t> label_revision;
    /// The code's commit; when unset, `git rev-parse HEAD` in the current directory (none
    /// when that is not a git checkout or git is missing).
    std::optional<std::string> git_commit;
    bool detect_git_commit = true;  ///< false: leave git_commit empty when unset
};

}  // namespace heatloop::tracking
