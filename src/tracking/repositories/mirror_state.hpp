#pragma once
// Repository of the mlflow_mirror table (sql/*/010_mlflow_mirror.sql): how far each run has
// been mirrored to each MLflow server.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "heatloop/store/db.hpp"
#include "heatloop/tracking/mlflow_mirror.hpp"

namespace heatloop::tracking::repo {

// The state of `run_id` on the server at `url`, if a mirror was ever attempted.
std::optional<MirrorState> find_mirror_state(store::Db& db, const std::string& run_id,
                                             const std::string& url);
// Insert or replace a state row.
void save_mirror_state(store::Db& db, const MirrorState& state, Timestamp now);
// Record the latest failure for the run (creating the row when needed).
void save_mirror_error(store::Db& db, const std::string& run_id, const std::string& url,
                       const std::string& error, Timestamp now);
// Ended runs (not RUNNING) whose mirror to `url` is not complete, oldest first.
std::vector<std::string> runs_pending_mirror(store::Db& db, const std::string& url);

}  // namespace heatloop::tracking::repo
