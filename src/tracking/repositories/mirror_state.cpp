#include "tracking/repositories/mirror_state.hpp"

namespace heatloop::tracking::repo {

std::optional<MirrorState> find_mirror_state(store::Db& db, const std::string& run_id,
                                             const std::string& url) {
    auto res = db.exec(
        "SELECT experiment_id, mlflow_run_id, artifact_uri, metric_cursor, params_sent, complete, "
        "last_error FROM mlflow_mirror WHERE run_id = ? AND tracking_url = ?",
        {run_id, url});
    if (res.empty()) return std::nullopt;
    const auto& row = res.rows.front();
    MirrorState s;
    s.run_id = run_id;
    s.tracking_url = url;
    s.experiment_id = row.get_text(0);
    s.mlflow_run_id = row.get_text(1);
    s.artifact_uri = row.get_text(2);
    s.metric_cursor = row.get_int(3);
    s.params_sent = row.get_int(4);
    s.complete = row.get_int(5) != 0;
    s.last_error = row.opt_text(6);
    return s;
}

void save_mirror_state(store::Db& db, const MirrorState& s, Timestamp now) {
    db.exec(
        "INSERT INTO mlflow_mirror (run_id, tracking_url, experiment_id, mlflow_run_id, "
        "artifact_uri, metric_cursor, params_sent, complete, last_error, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, tracking_url) DO UPDATE SET "
        "experiment_id = excluded.experiment_id, mlflow_run_id = excluded.mlflow_run_id, "
        "artifact_uri = excluded.artifact_uri, metric_cursor = excluded.metric_cursor, "
        "params_sent = excluded.params_sent, complete = excluded.complete, "
        "last_error = excluded.last_error, updated_at = excluded.updated_at",
        {s.run_id, s.tracking_url, s.experiment_id, s.mlflow_run_id, s.artifact_uri,
         s.metric_cursor, s.params_sent, s.complete, s.last_error, now});
}

void save_mirror_error(store::Db& db, const std::string& run_id, const std::string& url,
                       const std::string& error, Timestamp now) {
    db.exec(
        "INSERT INTO mlflow_mirror (run_id, tracking_url, last_error, updated_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (run_id, tracking_url) DO UPDATE SET "
        "last_error = excluded.last_error, updated_at = excluded.updated_at",
        {run_id, url, error, now});
}

std::vector<std::string> runs_pending_mirror(store::Db& db, const std::string& url) {
    std::vector<std::string> out;
    for (const auto& row :
         db.exec("SELECT r.id FROM runs r LEFT JOIN mlflow_mirror m ON m.run_id = r.id AND "
                 "m.tracking_url = ? WHERE r.status <> 'RUNNING' AND (COALESCE(m.complete, 0) = 0 "
                 // ... or a note version the server lacks (edited after the run was mirrored)
                 "OR (SELECT MAX(n.version) FROM run_notes n WHERE n.run_id = r.id) > "
                 "COALESCE((SELECT x.note_version FROM mlflow_note_mirror x WHERE x.run_id = r.id "
                 "AND x.tracking_url = ?), 0)) "
                 "ORDER BY r.start_time, r.id",
                 {url, url})
             .rows)
        out.push_back(row.get_text(0));
    return out;
}

}  // namespace heatloop::tracking::repo
