#pragma once
// Repository of the labels table: the current state of every label.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "heatloop/store/db.hpp"
#include "heatloop/store/label.hpp"

namespace heatloop::store {

class LabelRepository {
public:
    explicit LabelRepository(Db& db) : db_(db) {}

    // The id the next new label gets (never one a deleted label had). Only valid while the caller
    // holds the revision lock (RevisionRepository::next in the same transaction), which serialises
    // label writers.
    std::int64_t next_id();
    // Inserts labels whose ids, versions and times are already set.
    void insert(std::span<const Label> labels);
    // The label with that id, if any.
    std::optional<Label> find(std::int64_t id);
    // Writes `next` over the stored label only if that is still at `expected_version`;
    // false when it is not (a concurrent edit won).
    bool update(const Label& next, std::int64_t expected_version);
    // Deletes the label only if it is still at `expected_version`; false when it is not.
    bool remove(std::int64_t id, std::int64_t expected_version);
    // Current labels, optionally of one unit and/or one status, ordered by id.
    std::vector<Label> list(const std::optional<std::string>& unit_id,
                            const std::optional<LabelStatus>& status);

private:
    Db& db_;
};

// The label in a row selected with k_label_columns.
Label label_from_row(const Row& r);

// The columns label_from_row() reads, in order.
inline constexpr std::string_view k_label_columns =
    "id, unit_id, start_time, end_time, category, confidence, status, source, reviewer, notes, "
    "created_at, updated_at, version, revision";

}  // namespace heatloop::store
