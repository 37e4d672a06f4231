// LabelService: every change. Each runs in one transaction that first takes the next
// revision (which locks the counter, so writers take turns), then checks the label's version,
// writes it with UPDATE ... WHERE version = <based-on>, and appends the history entry.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "heatloop/core/error.hpp"
#include "heatloop/store/label_service.hpp"
#include "store/labels/category_repository.hpp"
#include "store/labels/history_repository.hpp"
#include "store/labels/label_repository.hpp"
#include "store/labels/revision_repository.hpp"
#include "store/labels/unit_repository.hpp"

namespace heatloop::store {

namespace {

void check_actor(const Actor& a) {
    if (a.who.empty()) throw InvalidInputError("who: the user making the change is not named");
    // Checked before anything is written: the history is append-only, so text that cannot be
    // read back (or stored at all, on PostgreSQL) must never reach it.
    check_text("who", a.who);
    check_text("why", a.why);
}

// The text fields of a draft, each named as a file or option would name it.
void check_draft_text(const LabelDraft& d) {
    check_text("unit_id", d.unit_id);
    check_text("category", d.category);
    check_text("source", d.source);
    check_text("reviewer", d.reviewer);
    check_text("notes", d.notes);
}

Label new_label(std::int64_t id, const LabelDraft& d, const Revision& rev) {
    return Label{
        id,       d.unit_id, d.start,    d.end,   d.category, normal_confidence(d.confidence),
        d.status, d.source,  d.reviewer, d.notes, rev.at,     rev.at,
        1,        rev.number};
}

HistoryEntry entry(const Revision& rev, const Actor& actor, std::string_view action,
                   std::optional<Label> before, const Label& after) {
    return HistoryEntry{rev.number,          after.id,          after.version, actor.who, rev.at,
                        std::string(action), std::move(before), after,         actor.why};
}

}  // namespace

void LabelService::check_draft(const LabelDraft& d) {
    check_draft_text(d);
    if (d.unit_id.empty()) throw InvalidInputError("label: unit is empty");
    if (d.end <= d.start)
        throw InvalidInputError(fmt::format("label: end {} is not after start {}",
                                            format_iso(d.end), format_iso(d.start)));
    if (!(d.confidence >= 0.0 && d.confidence <= 1.0))
        throw InvalidInputError(fmt::format("label: confidence {} is outside 0..1", d.confidence));
    check_source(d.source);
    if (!UnitRepository(db_).exists(d.unit_id))
        throw NotFoundError(
            fmt::format("unit '{}' is not known to the label store (ingest its "
                        "units.csv into the workspace first)",
                        d.unit_id));
    if (!CategoryRepository(db_).find(d.category))
        throw InvalidInputError(fmt::format(
            "category '{}' is not in the taxonomy: add it with `heatloop labels categories add "
            "{}`, or pick one `heatloop labels categories` lists",
            d.category, d.category));
}

Label LabelService::load_for_change(std::int64_t id, std::int64_t version, std::string_view what) {
    auto current = LabelRepository(db_).find(id);
    if (!current) throw NotFoundError(fmt::format("label {} not found", id));
    if (current->version != version)
        throw ConflictError(fmt::format("label {}: {} based on version {} but current is {}", id,
                                        what, version, current->version));
    if (current->status == LabelStatus::superseded)
        throw InvalidInputError(
            fmt::format("label {}: superseded labels cannot be changed ({})", id, what));
    return *current;
}

Label LabelService::write_change(const Revision& rev, const Label& before, Label next,
                                 std::string_view action, const Actor& actor) {
    next.version = before.version + 1;
    next.updated_at = rev.at;
    next.revision = rev.number;
    if (!LabelRepository(db_).update(next, before.version)) {
        auto now_stored = LabelRepository(db_).find(before.id);
        throw ConflictError(fmt::format("label {}: {} based on version {} but current is {}",
                                        before.id, action, before.version,
                                        now_stored ? now_stored->version : 0));
    }
    HistoryEntry e = entry(rev, actor, action, before, next);
    HistoryRepository(db_).append(std::span(&e, 1));
    return next;
}

ImportResult LabelService::import_labels(const LabelFile& file, const Actor& actor) {
    check_actor(actor);
    // A file with a header and no rows imports nothing and makes no revision.
    if (file.rows.empty() && file.problems.empty()) return ImportResult{current_revision(), 0};
    return db_.transaction([&] {
        // Take the revision first: it locks out other writers, so the checks against the
        // store below still hold when the rows are written.
        Revision rev = RevisionRepository(db_).next(actor, "import", now());
        std::vector<FileProblem> problems = file.problems;
        auto units = UnitRepository(db_).ids();
        std::map<std::string, bool, std::less<>> categories;
        for (const Category& c : CategoryRepository(db_).list()) categories[c.name] = true;
        std::map<std::string, std::int64_t> existing;
        for (const Label& l : LabelRepository(db_).list(std::nullopt, std::nullopt))
            existing.emplace(duplicate_key(l), l.id);
        for (const LabelFileRow& row : file.rows) {
            const LabelDraft& d = row.draft;
            // Files from parse_label_text() are checked already; a LabelFile built in code
            // gets the same check here.
            try {
                check_draft_text(d);
            } catch (const InvalidInputError& e) {
                problems.push_back({row.where, e.what()});
                continue;
            }
            if (!d.unit_id.empty() && !units.contains(d.unit_id))
                problems.push_back({row.where, fmt::format("unknown unit '{}'", d.unit_id)});
            if (!d.category.empty() && !categories.contains(d.category))
                problems.push_back(
                    {row.where, fmt::format("unknown category '{}' (add it to the taxonomy "
                                            "with `heatloop labels categories add {}`, or fix "
                                            "the name: `heatloop labels categories` lists them)",
                                            d.category, d.category)});
            if (row.ok)
                if (auto it = existing.find(duplicate_key(d)); it != existing.end())
                    problems.push_back({row.where, fmt::format("exact duplicate of existing "
                                                               "label {}",
                                                               it->second)});
        }
        if (!problems.empty()) {
            std::stable_sort(problems.begin(), problems.end(), [](const auto& a, const auto& b) {
                return a.where.line < b.where.line;
            });
            std::string msg = fmt::format("{}: {} problem{}, nothing imported", file.name,
                                          problems.size(), problems.size() == 1 ? "" : "s");
            for (const FileProblem& p : problems) msg += "\n  " + p.str();
            throw InvalidInputError(msg);
        }
        std::int64_t id = LabelRepository(db_).next_id();
        std::vector<Label> labels;
        std::vector<HistoryEntry> entries;
        labels.reserve(file.rows.size());
        entries.reserve(file.rows.size());
        for (const LabelFileRow& row : file.rows) {
            labels.push_back(new_label(id++, row.draft, rev));
            entries.push_back(entry(rev, actor, "import", std::nullopt, labels.back()));
        }
        LabelRepository(db_).insert(labels);
        HistoryRepository(db_).append(entries);
        return ImportResult{rev.number, labels.size()};
    });
}

Label LabelService::add(const LabelDraft& draft, const Actor& actor) {
    check_actor(actor);
    return db_.transaction([&] {
        Revision rev = RevisionRepository(db_).next(actor, "create", now());
        check_draft(draft);
        Label l = new_label(LabelRepository(db_).next_id(), draft, rev);
        LabelRepository(db_).insert(std::span(&l, 1));
        HistoryEntry e = entry(rev, actor, "create", std::nullopt, l);
        HistoryRepository(db_).append(std::span(&e, 1));
        return l;
    });
}

Label LabelService::edit(std::int64_t id, std::int64_t version, const LabelPatch& p,
                         const Actor& actor) {
    check_actor(actor);
    if (p.empty()) throw InvalidInputError(fmt::format("label {}: nothing to change", id));
    return db_.transaction([&] {
        Revision rev = RevisionRepository(db_).next(actor, "edit", now());
        Label before = load_for_change(id, version, "edit");
        Label next = before;
        if (p.start) next.start = *p.start;
        if (p.end) next.end = *p.end;
        if (p.category) next.category = *p.category;
        if (p.confidence) next.confidence = normal_confidence(*p.confidence);
        if (p.notes) next.notes = *p.notes;
        if (p.reviewer) next.reviewer = *p.reviewer;
        check_draft(LabelDraft{next.unit_id, next.start, next.end, next.category, next.confidence,
                               next.status, next.source, next.reviewer, next.notes});
        return write_change(rev, before, next, "edit", actor);
    });
}

Label LabelService::confirm(std::int64_t id, std::int64_t version, const Actor& actor) {
    check_actor(actor);
    return db_.transaction([&] {
        Revision rev = RevisionRepository(db_).next(actor, "confirm", now());
        Label before = load_for_change(id, version, "confirm");
        if (before.status == LabelStatus::confirmed)
            throw InvalidInputError(fmt::format("label {} is already confirmed", id));
        Label next = before;
        next.status = LabelStatus::confirmed;
        next.reviewer = actor.who;
        return write_change(rev, before, next, "confirm", actor);
    });
}

Label LabelService::reject(std::int64_t id, std::int64_t version, const Actor& actor) {
    check_actor(actor);
    return db_.transaction([&] {
        Revision rev = RevisionRepository(db_).next(actor, "reject", now());
        Label before = load_for_change(id, version, "reject");
        if (before.status == LabelStatus::rejected)
            throw InvalidInputError(fmt::format("label {} is already rejected", id));
        Label next = before;
        next.status = LabelStatus::rejected;
        next.reviewer = actor.who;
        return write_change(rev, before, next, "reject", actor);
    });
}

std::pair<Label, Label> LabelService::split(std::int64_t id, std::int64_t version, Timestamp at,
                                            const Actor& actor) {
    check_actor(actor);
    return db_.transaction([&] {
        Revision rev = RevisionRepository(db_).next(actor, "split", now());
        Label before = load_for_change(id, version, "split");
        if (!(before.start < at && at < before.end))
            throw InvalidInputError(fmt::format("label {}: split time {} is not inside {} .. {}",
                                                id, format_iso(at), format_iso(before.start),
                                                format_iso(before.end)));
        Label old = before;
        old.status = LabelStatus::superseded;
        old = write_change(rev, before, old, "supersede", actor);
        std::int64_t next_id = LabelRepository(db_).next_id();
        LabelDraft d{before.unit_id,  before.start,      at,
                     before.category, before.confidence, before.status,
                     before.source,   before.reviewer,   before.notes};
        Label first = new_label(next_id, d, rev);
        d.start = at;
        d.end = before.end;
        Label second = new_label(next_id + 1, d, rev);
        std::vector<Label> parts{first, second};
        LabelRepository(db_).insert(parts);
        std::string origin = fmt::format("split from label {}", id);
        Actor why{actor.who, actor.why.empty() ? origin : actor.why + " (" + origin + ")"};
        std::vector<HistoryEntry> es{entry(rev, why, "split", std::nullopt, first),
                                     entry(rev, why, "split", std::nullopt, second)};
        HistoryRepository(db_).append(es);
        return std::pair{first, second};
    });
}

void LabelService::remove(std::int64_t id, std::int64_t version, const Actor& actor) {
    check_actor(actor);
    db_.transaction([&] {
        Revision rev = RevisionRepository(db_).next(actor, "delete", now());
        auto current = LabelRepository(db_).find(id);
        if (!current) throw NotFoundError(fmt::format("label {} not found", id));
        if (current->version != version)
            throw ConflictError(
                fmt::format("label {}: delete based on version {} but current is {}", id, version,
                            current->version));
        if (!LabelRepository(db_).remove(id, version))
            throw ConflictError(fmt::format("label {}: changed while being deleted", id));
        // The entry's `after` is the label as it was, one version on: history stays a
        // gap-free sequence of versions, and rebuilding a later state leaves it out.
        Label gone = *current;
        gone.version = current->version + 1;
        gone.updated_at = rev.at;
        gone.revision = rev.number;
        HistoryEntry e = entry(rev, actor, "delete", *current, gone);
        HistoryRepository(db_).append(std::span(&e, 1));
    });
}

Label LabelService::restore(std::int64_t id, const Actor& actor) {
    check_actor(actor);
    return db_.transaction([&] {
        Revision rev = RevisionRepository(db_).next(actor, "restore", now());
        if (LabelRepository(db_).find(id))
            throw InvalidInputError(fmt::format("label {} is not deleted: nothing to restore", id));
        const std::vector<HistoryEntry> h = HistoryRepository(db_).for_label(id);
        if (h.empty()) throw NotFoundError(fmt::format("label {} not found", id));
        // A label missing from the table was deleted: its last entry is the delete, whose
        // `after` is the label as it was, one version on.
        const HistoryEntry& gone = h.back();
        if (gone.action != "delete")
            throw InternalError(
                fmt::format("label {}: missing from the table but its last history "
                            "entry is '{}', not a delete",
                            id, gone.action));
        Label back = gone.after;
        back.version = gone.after.version + 1;
        back.updated_at = rev.at;
        back.revision = rev.number;
        LabelRepository(db_).insert(std::span(&back, 1));
        HistoryEntry e = entry(rev, actor, "restore", gone.after, back);
        HistoryRepository(db_).append(std::span(&e, 1));
        return back;
    });
}

Label LabelService::revert(std::int64_t id, std::int64_t version, const Actor& actor) {
    check_actor(actor);
    return db_.transaction([&] {
        Revision rev = RevisionRepository(db_).next(actor, "revert", now());
        Label current = load_for_change(id, version, "revert");
        const std::vector<HistoryEntry> h = HistoryRepository(db_).for_label(id);
        if (h.empty() || !h.back().before)
            throw InvalidInputError(fmt::format(
                "label {}: its last change created it, there is nothing to revert to", id));
        Label next = *h.back().before;
        next.created_at = current.created_at;
        return write_change(rev, current, next, "revert", actor);
    });
}

}  // namespace heatloop::store
