#pragma once
/// The label store's service layer: every read and change of labels, units and categories,
/// each change one transaction and one new revision. Owns "not found" (NotFoundError) and
/// "conflict" (ConflictError): every edit names the version it is based on and a stale one
/// is refused, never applied over a newer change.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "heatloop/core/unit.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/store/label.hpp"
#include "heatloop/store/label_file.hpp"

namespace heatloop::store {

struct Revision;

/// What an import did.
struct ImportResult {
    std::int64_t revision = 0;  ///< the one revision the import made
    std::size_t imported = 0;   ///< labels created
};

/// Label store operations over one Db connection (SQLite or PostgreSQL alike).
class LabelService {
public:
    /// Uses `db` (already migrated); `clock` gives the time in ms (tests may fix it).
    explicit LabelService(Db& db, std::function<Timestamp()> clock = {});

    // ---- units and categories (not label revisions) ----
    /// Insert or update units (from the workspace's units.csv); returns how many.
    std::size_t sync_units(std::span<const UnitInfo> units);
    /// Every known unit, ordered by id.
    std::vector<UnitInfo> units();
    /// The category taxonomy, ordered by name.
    std::vector<Category> categories();
    /// Add a category; InvalidInputError for a bad name, ConflictError when it exists.
    Category add_category(const std::string& name, const std::string& description = {});

    // ---- reads ----
    /// The latest revision (0 before the first change).
    std::int64_t current_revision();
    /// The latest revision made at or before time `t` (0 when none).
    std::int64_t revision_at(Timestamp t);
    /// Labels of the current state, or as of `query.revision` / `query.as_of` (rebuilt from
    /// the history), filtered by unit and status, ordered by id. NotFoundError for a
    /// revision that does not exist yet.
    std::vector<Label> list(const LabelQuery& query = {});
    /// One label; NotFoundError naming the id when there is none.
    Label get(std::int64_t id);
    /// The complete history of one label, oldest first; NotFoundError for an unknown id.
    std::vector<HistoryEntry> history(std::int64_t id);

    // ---- changes: each is one transaction and one new revision ----
    /// Import a parsed file all-or-nothing. Every problem of the file and against the store
    /// (unknown unit or category, exact duplicate of an existing label) is listed in one
    /// InvalidInputError, one "file:line: reason" per line; then nothing is written.
    ImportResult import_labels(const LabelFile& file, const Actor& actor);
    /// Create one label (InvalidInputError for bad fields, unknown unit or category).
    Label add(const LabelDraft& draft, const Actor& actor);
    /// Change fields of label `id`, based on `version`; ConflictError when stale.
    Label edit(std::int64_t id, std::int64_t version, const LabelPatch& patch, const Actor& actor);
    /// proposed|rejected -> confirmed, reviewer = actor; ConflictError when stale.
    Label confirm(std::int64_t id, std::int64_t version, const Actor& actor);
    /// proposed|confirmed -> rejected, reviewer = actor; ConflictError when stale.
    Label reject(std::int64_t id, std::int64_t version, const Actor& actor);
    /// Supersede label `id` by two labels split at time `at` (start < at < end), which keep
    /// its other fields. Returns the two new labels.
    std::pair<Label, Label> split(std::int64_t id, std::int64_t version, Timestamp at,
                                  const Actor& actor);
    /// Delete label `id`, based on `version`; ConflictError when stale. The history keeps
    /// every version and gets a "delete" entry (after = the label as it was, next version),
    /// so the state at earlier revisions can still be rebuilt; the id is never reused.
    void remove(std::int64_t id, std::int64_t version, const Actor& actor);
    /// Undo the delete of label `id`: the label comes back as it was when deleted (same id,
    /// status, source, reviewer, times), one version on, with a "restore" history entry
    /// (before = the deleted state). NotFoundError when no label had that id;
    /// InvalidInputError when it is not deleted.
    Label restore(std::int64_t id, const Actor& actor);
    /// Undo the last change of label `id` (based on `version`, which must be current): its
    /// fields go back to those before that change, one version on, with a "revert" history
    /// entry. ConflictError when stale; InvalidInputError when the last change created the
    /// label (nothing before it: delete it instead) or when it is superseded.
    Label revert(std::int64_t id, std::int64_t version, const Actor& actor);

    /// Consistency of the stored history with the labels table and the revision log;
    /// one line per problem, empty when consistent.
    std::vector<std::string> check_integrity();

private:
    Timestamp now() const;
    // Loads label `id` for a change based on `version`: NotFoundError / ConflictError.
    Label load_for_change(std::int64_t id, std::int64_t version, std::string_view what);
    // Writes `next` (a changed copy of `before`) as a new version at revision `rev`.
    Label write_change(const Revision& rev, const Label& before, Label next,
                       std::string_view action, const Actor& actor);
    void check_draft(const LabelDraft& d);

    Db& db_;
    std::function<Timestamp()> clock_;
};

}  // namespace heatloop::store
