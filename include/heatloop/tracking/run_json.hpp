#pragma once
/// JSON forms of runs, shared by `heatloop runs ... --json` and the web API. Times are
/// ISO 8601 UTC text; NaN metric values are null.

#include <nlohmann/json.hpp>

#include <span>

#include "heatloop/tracking/mlflow_mirror.hpp"
#include "heatloop/tracking/run.hpp"

namespace heatloop::tracking {

/// {"id","experiment","name","status","start_time","end_time","git_commit",
///  "dataset_fingerprint","label_revision","mlflow_run_id","mlflow_synced"} (null when unset).
nlohmann::json to_json(const RunInfo& run);
/// {"key","unit_id","count","last","last_step","min","max"}.
nlohmann::json to_json(const MetricSummary& s);
/// {"key","value","step","timestamp","unit_id"}.
nlohmann::json to_json(const StoredMetric& m);
/// {"path","size","sha256"}.
nlohmann::json to_json(const Artifact& a);
/// {"run_id","version","text","author","written_at"} (author and written_at null for version 0).
nlohmann::json to_json(const RunNote& n);
/// {"run_id","mlflow_run_id","created","metrics_sent","params_sent","batches",
///  "artifacts_sent","missing_artifacts","note_sent","complete"}.
nlohmann::json to_json(const SyncReport& r);

}  // namespace heatloop::tracking
