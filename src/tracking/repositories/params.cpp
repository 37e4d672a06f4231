#include "tracking/repositories/run_rows.hpp"

namespace heatloop::tracking::repo {

std::vector<Param> insert_params(store::Db& db, const std::string& run_id,
                                 std::span<const Param> params) {
    std::vector<Param> existing;
    for (const Param& p : params) {
        auto res = db.exec(
            "INSERT INTO params (run_id, key, value) VALUES (?, ?, ?) "
            "ON CONFLICT (run_id, key) DO NOTHING",
            {run_id, p.key, p.value});
        if (res.affected > 0) continue;
        auto old =
            db.exec("SELECT value FROM params WHERE run_id = ? AND key = ?", {run_id, p.key});
        existing.push_back({p.key, old.one("param").get_text(0)});
    }
    return existing;
}

std::vector<Param> list_params(store::Db& db, const std::string& run_id) {
    std::vector<Param> out;
    for (const auto& row :
         db.exec("SELECT key, value FROM params WHERE run_id = ? ORDER BY key", {run_id}).rows)
        out.push_back({row.get_text(0), row.get_text(1)});
    return out;
}

std::int64_t count_params(store::Db& db, const std::string& run_id) {
    return db.exec("SELECT COUNT(*) FROM params WHERE run_id = ?", {run_id}).one().get_int(0);
}

}  // namespace heatloop::tracking::repo
