#include "heatloop/core/error.hpp"
#include "tracking/repositories/run_rows.hpp"

namespace heatloop::tracking::repo {

namespace {

constexpr std::string_view k_select =
    "SELECT r.id, r.experiment_id, e.name, r.name, r.status, r.start_time, r.end_time, "
    "r.git_commit, r.config_text, r.dataset_fingerprint, r.label_revision, r.mlflow_run_id, "
    "r.mlflow_synced FROM runs r LEFT JOIN experiments e ON e.id = r.experiment_id";

RunInfo from_row(const store::Row& row) {
    RunInfo r;
    r.id = row.get_text(0);
    r.experiment_id = row.opt_int(1).value_or(0);
    r.experiment = row.get_text(2);
    r.name = row.get_text(3);
    r.status = parse_run_status(row.get_text(4));
    r.start_time = row.get_int(5);
    r.end_time = row.opt_int(6);
    r.git_commit = row.opt_text(7);
    r.config_text = row.get_text(8);
    r.dataset_fingerprint = row.get_text(9);
    r.label_revision = row.opt_int(10);
    r.mlflow_run_id = row.opt_text(11);
    r.mlflow_synced = row.get_int(12) != 0;
    return r;
}

}  // namespace

void insert_run(store::Db& db, const RunInfo& r) {
    db.exec(
        "INSERT INTO runs (id, experiment_id, name, status, start_time, end_time, git_commit, "
        "config_text, dataset_fingerprint, label_revision, mlflow_run_id, mlflow_synced) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {r.id, r.experiment_id, r.name, run_status_name(r.status), r.start_time, r.end_time,
         r.git_commit, r.config_text, r.dataset_fingerprint, r.label_revision, r.mlflow_run_id,
         r.mlflow_synced});
}

std::optional<RunInfo> find_run(store::Db& db, const std::string& id) {
    auto res = db.exec(std::string(k_select) + " WHERE r.id = ?", {id});
    if (res.empty()) return std::nullopt;
    return from_row(res.rows.front());
}

std::vector<std::string> run_ids_with_prefix(store::Db& db, const std::string& prefix, int limit) {
    // Callers pass hex prefixes only, so LIKE's wildcards cannot occur in `prefix`.
    std::vector<std::string> out;
    for (const auto& row :
         db.exec("SELECT id FROM runs WHERE id LIKE ? ORDER BY id LIMIT ?", {prefix + "%", limit})
             .rows)
        out.push_back(row.get_text(0));
    return out;
}

std::vector<RunInfo> list_runs(store::Db& db, const std::optional<std::string>& experiment,
                               const std::optional<RunStatus>& status, int limit) {
    std::string sql(k_select);
    std::vector<store::Value> params;
    sql += " WHERE 1 = 1";
    if (experiment) {
        sql += " AND e.name = ?";
        params.emplace_back(*experiment);
    }
    if (status) {
        sql += " AND r.status = ?";
        params.emplace_back(run_status_name(*status));
    }
    sql += " ORDER BY r.start_time DESC, r.id DESC LIMIT ?";
    params.emplace_back(limit);
    std::vector<RunInfo> out;
    for (const auto& row : db.exec(sql, params).rows) out.push_back(from_row(row));
    return out;
}

bool update_run_status(store::Db& db, const std::string& id, RunStatus status,
                       std::optional<Timestamp> end_time) {
    return db.exec("UPDATE runs SET status = ?, end_time = ? WHERE id = ?",
                   {run_status_name(status), end_time, id})
               .affected > 0;
}

void update_run_label_revision(store::Db& db, const std::string& id, std::int64_t revision) {
    db.exec("UPDATE runs SET label_revision = ? WHERE id = ?", {revision, id});
}

void update_run_dataset_fingerprint(store::Db& db, const std::string& id, const std::string& fp) {
    db.exec("UPDATE runs SET dataset_fingerprint = ? WHERE id = ?", {fp, id});
}

void update_run_mlflow(store::Db& db, const std::string& id, const std::string& mlflow_run_id,
                       bool synced) {
    db.exec("UPDATE runs SET mlflow_run_id = ?, mlflow_synced = ? WHERE id = ?",
            {mlflow_run_id, synced, id});
}

}  // namespace heatloop::tracking::repo
