#include "tracking/repositories/run_rows.hpp"

namespace heatloop::tracking::repo {

namespace {

RunNote from_row(const store::Row& row) {
    // Stored text was checked on the way in; get_stored_text keeps reading robust anyway.
    return {row.get_text(0), row.get_int(1), row.get_stored_text(2), row.get_stored_text(3),
            row.get_int(4)};
}

constexpr std::string_view k_select =
    "SELECT run_id, version, text, author, written_at FROM run_notes WHERE run_id = ?";

}  // namespace

std::optional<RunNote> latest_note(store::Db& db, const std::string& run_id) {
    auto res = db.exec(std::string(k_select) + " ORDER BY version DESC LIMIT 1", {run_id});
    if (res.empty()) return std::nullopt;
    return from_row(res.rows.front());
}

void insert_note(store::Db& db, const RunNote& n) {
    db.exec(
        "INSERT INTO run_notes (run_id, version, text, author, written_at) VALUES (?, ?, ?, ?, ?)",
        {n.run_id, n.version, n.text, n.author, n.written_at});
}

std::vector<RunNote> note_versions(store::Db& db, const std::string& run_id) {
    std::vector<RunNote> out;
    for (const auto& row : db.exec(std::string(k_select) + " ORDER BY version", {run_id}).rows)
        out.push_back(from_row(row));
    return out;
}

std::int64_t mirrored_note_version(store::Db& db, const std::string& run_id,
                                   const std::string& tracking_url) {
    auto res =
        db.exec("SELECT note_version FROM mlflow_note_mirror WHERE run_id = ? AND tracking_url = ?",
                {run_id, tracking_url});
    return res.empty() ? 0 : res.rows.front().get_int(0);
}

void save_mirrored_note_version(store::Db& db, const std::string& run_id,
                                const std::string& tracking_url, std::int64_t version) {
    db.exec(
        "INSERT INTO mlflow_note_mirror (run_id, tracking_url, note_version) VALUES (?, ?, ?) "
        "ON CONFLICT (run_id, tracking_url) DO UPDATE SET note_version = excluded.note_version",
        {run_id, tracking_url, version});
}

}  // namespace heatloop::tracking::repo
