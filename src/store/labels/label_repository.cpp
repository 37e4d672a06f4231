#include "store/labels/label_repository.hpp"

#include <fmt/format.h>

namespace heatloop::store {

namespace {

constexpr std::size_t k_columns = 14;

void append_values(std::vector<Value>& v, const Label& l) {
    v.insert(v.end(),
             {l.id, l.unit_id, l.start, l.end, l.category, l.confidence, status_name(l.status),
              l.source, l.reviewer, l.notes, l.created_at, l.updated_at, l.version, l.revision});
}

}  // namespace

Label label_from_row(const Row& r) {
    Label l;
    l.id = r.get_int(0);
    l.unit_id = r.get_stored_text(1);
    l.start = r.get_int(2);
    l.end = r.get_int(3);
    l.category = r.get_stored_text(4);
    l.confidence = r.get_double(5);
    l.status = parse_status(r.get_text(6));
    l.source = r.get_stored_text(7);
    l.reviewer = r.get_stored_text(8);
    l.notes = r.get_stored_text(9);
    l.created_at = r.get_int(10);
    l.updated_at = r.get_int(11);
    l.version = r.get_int(12);
    l.revision = r.get_int(13);
    return l;
}

std::int64_t LabelRepository::next_id() {
    // From the history, which keeps deleted labels: their ids are never handed out again.
    return db_.exec("SELECT COALESCE(MAX(label_id), 0) + 1 FROM label_history")
        .one("next label id")
        .get_int(0);
}

void LabelRepository::insert(std::span<const Label> labels) {
    std::vector<Value> values;
    values.reserve(labels.size() * k_columns);
    for (const Label& l : labels) append_values(values, l);
    insert_many(db_, fmt::format("INSERT INTO labels ({})", k_label_columns), k_columns, values);
}

std::optional<Label> LabelRepository::find(std::int64_t id) {
    auto res = db_.exec(fmt::format("SELECT {} FROM labels WHERE id = ?", k_label_columns), {id});
    if (res.empty()) return std::nullopt;
    return label_from_row(res.rows[0]);
}

bool LabelRepository::update(const Label& l, std::int64_t expected_version) {
    // The version test and the write are one statement: no lost update even if a caller
    // forgot to lock.
    auto res = db_.exec(
        "UPDATE labels SET unit_id = ?, start_time = ?, end_time = ?, category = ?, "
        "confidence = ?, status = ?, source = ?, reviewer = ?, notes = ?, updated_at = ?, "
        "version = ?, revision = ? WHERE id = ? AND version = ?",
        {l.unit_id, l.start, l.end, l.category, l.confidence, status_name(l.status), l.source,
         l.reviewer, l.notes, l.updated_at, l.version, l.revision, l.id, expected_version});
    return res.affected == 1;
}

bool LabelRepository::remove(std::int64_t id, std::int64_t expected_version) {
    return db_.exec("DELETE FROM labels WHERE id = ? AND version = ?", {id, expected_version})
               .affected == 1;
}

std::vector<Label> LabelRepository::list(const std::optional<std::string>& unit_id,
                                         const std::optional<LabelStatus>& status) {
    std::string sql = fmt::format("SELECT {} FROM labels", k_label_columns);
    std::vector<Value> params;
    if (unit_id) {
        sql += " WHERE unit_id = ?";
        params.emplace_back(*unit_id);
    }
    if (status) {
        sql += unit_id ? " AND status = ?" : " WHERE status = ?";
        params.emplace_back(status_name(*status));
    }
    sql += " ORDER BY id";
    std::vector<Label> out;
    for (const Row& r : db_.exec(sql, params).rows) out.push_back(label_from_row(r));
    return out;
}

}  // namespace heatloop::store
