#include "store/labels/history_repository.hpp"

#include <nlohmann/json.hpp>

namespace heatloop::store {

namespace {

constexpr std::size_t k_columns = 9;

// Stored JSON may hold text from before input was validated: repaired, it always parses.
Label parse_label(const std::string& text) {
    return label_from_json(nlohmann::json::parse(text));
}

}  // namespace

void HistoryRepository::append(std::span<const HistoryEntry> entries) {
    std::vector<Value> v;
    v.reserve(entries.size() * k_columns);
    for (const HistoryEntry& e : entries) {
        Value before = e.before ? Value(to_json(*e.before).dump()) : Value();
        v.insert(v.end(), {e.label_id, e.version, e.revision, e.who, e.at, e.action, before,
                           to_json(e.after).dump(), e.why});
    }
    insert_many(db_,
                "INSERT INTO label_history (label_id, version, revision, who, changed_at, action, "
                "before_json, after_json, why)",
                k_columns, v);
}

std::vector<HistoryEntry> HistoryRepository::for_label(std::int64_t label_id) {
    std::vector<HistoryEntry> out;
    auto res = db_.exec(
        "SELECT label_id, version, revision, who, changed_at, action, before_json, after_json, "
        "why FROM label_history WHERE label_id = ? ORDER BY version",
        {label_id});
    for (const Row& r : res.rows) {
        HistoryEntry e;
        e.label_id = r.get_int(0);
        e.version = r.get_int(1);
        e.revision = r.get_int(2);
        e.who = r.get_stored_text(3);
        e.at = r.get_int(4);
        e.action = r.get_stored_text(5);
        if (!r.is_null(6)) e.before = parse_label(r.get_stored_text(6));
        e.after = parse_label(r.get_stored_text(7));
        e.why = r.get_stored_text(8);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<Label> HistoryRepository::state_at(std::int64_t revision) {
    std::vector<Label> out;
    auto res = db_.exec(
        "SELECT h.after_json FROM label_history h JOIN (SELECT label_id, MAX(version) AS v "
        "FROM label_history WHERE revision <= ? GROUP BY label_id) m "
        "ON h.label_id = m.label_id AND h.version = m.v WHERE h.action <> 'delete' "
        "ORDER BY h.label_id",
        {revision});
    out.reserve(res.rows.size());
    for (const Row& r : res.rows) out.push_back(parse_label(r.get_stored_text(0)));
    return out;
}

std::int64_t HistoryRepository::count() {
    return db_.exec("SELECT COUNT(*) FROM label_history").one("history count").get_int(0);
}

std::vector<std::int64_t> HistoryRepository::revisions() {
    std::vector<std::int64_t> out;
    for (const Row& r :
         db_.exec("SELECT DISTINCT revision FROM label_history ORDER BY revision").rows)
        out.push_back(r.get_int(0));
    return out;
}

}  // namespace heatloop::store
