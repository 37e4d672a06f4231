#pragma once
// Repositories of the run-tracking tables (sql/*/002_tracking.sql), one per table, written
// once against store::Db for SQLite and PostgreSQL. They report missing rows as empty
// optionals; RunStore (the service) turns them into NotFoundError and ConflictError.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "heatloop/store/db.hpp"
#include "heatloop/tracking/run.hpp"

namespace heatloop::tracking::repo {

// ---- experiments ----
// The experiment called `name`, inserted at `now` when missing.
Experiment get_or_create_experiment(store::Db& db, const std::string& name, Timestamp now);

// ---- runs ----
// Insert a new run row (experiment_id and id set by the caller).
void insert_run(store::Db& db, const RunInfo& run);
// The run with exactly this id.
std::optional<RunInfo> find_run(store::Db& db, const std::string& id);
// Ids of runs starting with `prefix` (at most `limit`).
std::vector<std::string> run_ids_with_prefix(store::Db& db, const std::string& prefix, int limit);
// Runs newest first, optionally of one experiment and/or status.
std::vector<RunInfo> list_runs(store::Db& db, const std::optional<std::string>& experiment,
                               const std::optional<RunStatus>& status, int limit);
// Set the final status and end time; returns false when no such run.
bool update_run_status(store::Db& db, const std::string& id, RunStatus status,
                       std::optional<Timestamp> end_time);
// Set provenance fields known only after the start.
void update_run_label_revision(store::Db& db, const std::string& id, std::int64_t revision);
void update_run_dataset_fingerprint(store::Db& db, const std::string& id, const std::string& fp);
// Record the MLflow run id and whether the run is mirrored completely.
void update_run_mlflow(store::Db& db, const std::string& id, const std::string& mlflow_run_id,
                       bool synced);

// ---- params ----
// Insert params; an existing key keeps its value. Returns the keys that already existed,
// with their stored values, so the caller can tell a repeat from a conflict.
std::vector<Param> insert_params(store::Db& db, const std::string& run_id,
                                 std::span<const Param> params);
// Every param of a run, ordered by key.
std::vector<Param> list_params(store::Db& db, const std::string& run_id);
// How many params a run has.
std::int64_t count_params(store::Db& db, const std::string& run_id);

// ---- metrics ----
// Append metric points (NaN stored as NULL) in multi-row inserts.
void insert_metrics(store::Db& db, const std::string& run_id, std::span<const Metric> metrics);
// Points with id > `after_id`, in id order, at most `limit`.
std::vector<StoredMetric> list_metrics(store::Db& db, const std::string& run_id,
                                       std::int64_t after_id, std::int64_t limit);
// Points of one series (key, and unit or all units when unset) in step order.
std::vector<StoredMetric> metric_history(store::Db& db, const std::string& run_id,
                                         const std::string& key);
// One summary per (key, unit) series, ordered by key then unit.
std::vector<MetricSummary> summarize_metrics(store::Db& db, const std::string& run_id);
// How many points a run has.
std::int64_t count_metrics(store::Db& db, const std::string& run_id);

// ---- artifacts ----
// Insert or replace the record of one artifact.
void upsert_artifact(store::Db& db, const std::string& run_id, const Artifact& artifact);
// Every artifact of a run, ordered by path.
std::vector<Artifact> list_artifacts(store::Db& db, const std::string& run_id);

// ---- run notes (sql/*/005_run_notes.sql) ----
// The highest version of a run's note, if any.
std::optional<RunNote> latest_note(store::Db& db, const std::string& run_id);
// Append a version; a ConflictError (primary key) when that version exists already.
void insert_note(store::Db& db, const RunNote& note);
// Every version of a run's note, oldest first.
std::vector<RunNote> note_versions(store::Db& db, const std::string& run_id);
// The note version an MLflow server has (0 when none), and recording it.
std::int64_t mirrored_note_version(store::Db& db, const std::string& run_id,
                                   const std::string& tracking_url);
void save_mirrored_note_version(store::Db& db, const std::string& run_id,
                                const std::string& tracking_url, std::int64_t version);

}  // namespace heatloop::tracking::repo
