#include "tracking/repositories/run_rows.hpp"

namespace heatloop::tracking::repo {

void upsert_artifact(store::Db& db, const std::string& run_id, const Artifact& a) {
    db.exec(
        "INSERT INTO artifacts (run_id, path, size, sha256) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (run_id, path) DO UPDATE SET size = excluded.size, sha256 = excluded.sha256",
        {run_id, a.path, a.size, a.sha256});
}

std::vector<Artifact> list_artifacts(store::Db& db, const std::string& run_id) {
    std::vector<Artifact> out;
    for (const auto& row :
         db.exec("SELECT path, size, sha256 FROM artifacts WHERE run_id = ? ORDER BY path",
                 {run_id})
             .rows)
        out.push_back({row.get_text(0), row.get_int(1), row.get_text(2)});
    return out;
}

}  // namespace heatloop::tracking::repo
