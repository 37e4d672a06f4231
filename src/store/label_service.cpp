// LabelService: units, categories, reads and the integrity check. The changes are in
// label_changes.cpp.

#include "heatloop/store/label_service.hpp"

#include <fmt/format.h>

#include <chrono>
#include <map>

#include "heatloop/core/error.hpp"
#include "store/labels/category_repository.hpp"
#include "store/labels/history_repository.hpp"
#include "store/labels/label_repository.hpp"
#include "store/labels/revision_repository.hpp"
#include "store/labels/unit_repository.hpp"

namespace heatloop::store {

LabelService::LabelService(Db& db, std::function<Timestamp()> clock)
    : db_(db), clock_(std::move(clock)) {}

Timestamp LabelService::now() const {
    if (clock_) return clock_();
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::size_t LabelService::sync_units(std::span<const UnitInfo> units) {
    for (const UnitInfo& u : units) {
        if (u.unit_id.empty()) throw InvalidInputError("unit: empty unit_id");
        check_text("unit_id", u.unit_id);
        check_text(fmt::format("unit {}: type", u.unit_id), u.type);
        check_text(fmt::format("unit {}: location", u.unit_id), u.location);
        for (const auto& [key, value] : u.extra) {
            check_text(fmt::format("unit {}: column name", u.unit_id), key);
            check_text(fmt::format("unit {}: {}", u.unit_id, key), value);
        }
    }
    db_.transaction([&] { UnitRepository(db_).upsert(units, now()); });
    return units.size();
}

std::vector<UnitInfo> LabelService::units() {
    return db_.transaction([&] { return UnitRepository(db_).list(); }, TxKind::read);
}

std::vector<Category> LabelService::categories() {
    return db_.transaction([&] { return CategoryRepository(db_).list(); }, TxKind::read);
}

Category LabelService::add_category(const std::string& name, const std::string& description) {
    if (!is_valid_category_name(name))
        throw InvalidInputError(fmt::format(
            "category '{}': expected 1-64 characters a-z, 0-9 or '_', starting with a letter",
            name));
    check_text("description", description);
    Category c{name, description};
    db_.transaction([&] {
        CategoryRepository repo(db_);
        if (repo.find(name)) throw ConflictError(fmt::format("category '{}' already exists", name));
        repo.insert(c, now());
    });
    return c;
}

std::int64_t LabelService::current_revision() {
    return db_.transaction([&] { return RevisionRepository(db_).current(); }, TxKind::read);
}

std::int64_t LabelService::revision_at(Timestamp t) {
    return db_.transaction([&] { return RevisionRepository(db_).at_time(t); }, TxKind::read);
}

std::vector<Label> LabelService::list(const LabelQuery& q) {
    if (q.revision && q.as_of)
        throw InvalidInputError("labels: give a revision or a time (as of), not both");
    if (q.revision && *q.revision < 0)
        throw InvalidInputError(fmt::format("revision {}: must be 0 or more", *q.revision));
    return db_.transaction(
        [&] {
            RevisionRepository revs(db_);
            const std::int64_t current = revs.current();
            std::optional<std::int64_t> at = q.revision;
            if (q.as_of) at = revs.at_time(*q.as_of);
            if (at && *at > current)
                throw NotFoundError(
                    fmt::format("revision {} does not exist (latest is {})", *at, current));
            if (!at || *at == current) return LabelRepository(db_).list(q.unit_id, q.status);
            std::vector<Label> out;
            for (Label& l : HistoryRepository(db_).state_at(*at))
                if ((!q.unit_id || l.unit_id == *q.unit_id) && (!q.status || l.status == *q.status))
                    out.push_back(std::move(l));
            return out;
        },
        TxKind::read);
}

Label LabelService::get(std::int64_t id) {
    auto l = db_.transaction([&] { return LabelRepository(db_).find(id); }, TxKind::read);
    if (!l) throw NotFoundError(fmt::format("label {} not found", id));
    return *l;
}

std::vector<HistoryEntry> LabelService::history(std::int64_t id) {
    auto h = db_.transaction([&] { return HistoryRepository(db_).for_label(id); }, TxKind::read);
    if (h.empty()) throw NotFoundError(fmt::format("label {} not found", id));
    return h;
}

std::vector<std::string> LabelService::check_integrity() {
    return db_.transaction(
        [&] {
            std::vector<std::string> problems;
            RevisionRepository revs(db_);
            HistoryRepository hist(db_);
            const std::int64_t current = revs.current();
            if (revs.count() != current)
                problems.push_back(fmt::format("revision counter is {} but the log has {} rows",
                                               current, revs.count()));
            auto with_entries = hist.revisions();
            for (std::size_t i = 0; i < with_entries.size(); ++i)
                if (with_entries[i] != static_cast<std::int64_t>(i) + 1) {
                    problems.push_back(fmt::format("revision {} has no history entry",
                                                   static_cast<std::int64_t>(i) + 1));
                    break;
                }
            if (static_cast<std::int64_t>(with_entries.size()) != current)
                problems.push_back(fmt::format("{} revisions have history entries, counter is {}",
                                               with_entries.size(), current));
            for (const Row& r : db_.exec("SELECT label_id, COUNT(*), MIN(version), MAX(version) "
                                         "FROM label_history GROUP BY label_id")
                                    .rows)
                if (r.get_int(2) != 1 || r.get_int(1) != r.get_int(3))
                    problems.push_back(
                        fmt::format("label {}: history has {} entries for versions {}..{}",
                                    r.get_int(0), r.get_int(1), r.get_int(2), r.get_int(3)));
            auto rebuilt = hist.state_at(current);
            auto stored = LabelRepository(db_).list(std::nullopt, std::nullopt);
            std::map<std::int64_t, const Label*> by_id;
            for (const Label& l : rebuilt) by_id[l.id] = &l;
            for (const Label& l : stored) {
                auto it = by_id.find(l.id);
                if (it == by_id.end())
                    problems.push_back(fmt::format("label {} has no history", l.id));
                else if (!(*it->second == l))
                    problems.push_back(fmt::format(
                        "label {}: stored version {} differs from its latest history entry "
                        "(version {})",
                        l.id, l.version, it->second->version));
            }
            if (rebuilt.size() != stored.size())
                problems.push_back(fmt::format("history rebuilds {} labels, the table holds {}",
                                               rebuilt.size(), stored.size()));
            return problems;
        },
        TxKind::read);
}

}  // namespace heatloop::store
