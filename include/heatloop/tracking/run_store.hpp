#pragma once
/// The run-tracking service over the workspace database (SQLite or PostgreSQL alike):
/// experiments, runs, params, metric points and artifact records. Owns "not found"
/// (NotFoundError) and "conflict" (ConflictError); each call is one transaction.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "heatloop/store/db.hpp"
#include "heatloop/tracking/run.hpp"

namespace heatloop::tracking {

/// Which runs `list_runs` returns.
struct RunFilter {
    std::optional<std::string> experiment;  ///< only this experiment
    std::optional<RunStatus> status;        ///< only this status
    int limit = 1000;                       ///< newest first, at most this many
};

/// Milliseconds since the epoch, now.
Timestamp now_ms();

/// Tracking tables of one (migrated) database connection.
class RunStore {
public:
    /// `clock` gives the time in ms (tests may fix it); defaults to the system clock.
    explicit RunStore(store::Db& db, std::function<Timestamp()> clock = {});

    /// The connection underneath.
    store::Db& db() noexcept { return db_; }
    /// The current time by this store's clock.
    Timestamp now() const { return clock_(); }

    /// The experiment called `name`, created when missing. InvalidInputError for "".
    Experiment get_or_create_experiment(const std::string& name);

    /// Create a RUNNING run from `spec` with a fresh random id; git commit as the spec says.
    RunInfo create_run(const RunSpec& spec);
    /// The run with id `id_or_prefix`, or the only run whose id starts with it (at least 4
    /// hex digits). NotFoundError when none; InvalidInputError listing candidates when
    /// the prefix is ambiguous.
    RunInfo get_run(const std::string& id_or_prefix);
    /// Runs newest first.
    std::vector<RunInfo> list_runs(const RunFilter& filter = {});
    /// Set a run's final status and end time (now when unset). NotFoundError for an unknown
    /// run; InvalidInputError for RUNNING.
    void end_run(const std::string& run_id, RunStatus status,
                 std::optional<Timestamp> end_time = {});
    /// Record the label revision a run was evaluated against.
    void set_label_revision(const std::string& run_id, std::int64_t revision);
    /// Record the fingerprint of the dataset a run used.
    void set_dataset_fingerprint(const std::string& run_id, const std::string& fingerprint);

    /// Add params; logging a key again with the same value is a no-op, with another value a
    /// ConflictError naming the key and both values (nothing of the call is stored then).
    void log_params(const std::string& run_id, std::span<const Param> params);
    /// Append metric points. InvalidInputError for an empty key.
    void log_metrics(const std::string& run_id, std::span<const Metric> metrics);
    /// Record an artifact (replacing an earlier record of the same path).
    void record_artifact(const std::string& run_id, const Artifact& artifact);

    /// A run's params, ordered by key.
    std::vector<Param> params(const std::string& run_id);
    /// A run's metric points with id > `after_id`, in logging order, at most `limit`.
    std::vector<StoredMetric> metrics(const std::string& run_id, std::int64_t after_id = 0,
                                      std::int64_t limit = INT64_MAX);
    /// One metric's points in step order (all units).
    std::vector<StoredMetric> metric_history(const std::string& run_id, const std::string& key);
    /// One summary per (key, unit) series.
    std::vector<MetricSummary> metric_summaries(const std::string& run_id);
    /// Number of metric points of a run.
    std::int64_t metric_count(const std::string& run_id);
    /// A run's artifact records, ordered by path.
    std::vector<Artifact> artifacts(const std::string& run_id);

    /// Longest note a run may have, in bytes of UTF-8.
    static constexpr std::size_t k_max_note_bytes = 64 * 1024;
    /// A run's current note: version 0 and empty text when it has none. NotFoundError for an
    /// unknown run.
    RunNote note(const std::string& run_id);
    /// Every saved version of a run's note, oldest first: an edit never loses text.
    std::vector<RunNote> note_history(const std::string& run_id);
    /// Save `text` as the run's note by `author`, based on `version`, the version the caller
    /// edited (0 when the run had no note); returns the new current note (version + 1).
    /// A stale version is a ConflictError naming both versions and changes nothing (also when
    /// another writer saves the same version at the same moment). InvalidInputError for text
    /// over k_max_note_bytes, not valid UTF-8 or holding a NUL byte, and for an empty or
    /// invalid author. Saving the current text again changes nothing and returns it.
    RunNote set_note(const std::string& run_id, std::int64_t version, const std::string& text,
                     const std::string& author);

private:
    void require_run(const std::string& run_id);
    store::Db& db_;
    std::function<Timestamp()> clock_;
};

}  // namespace heatloop::tracking
