#pragma once
// Repository of the append-only label history (label_history): one entry per change of
// one label, holding the label before and after as JSON. Past label sets are rebuilt from it.

#include <cstdint>
#include <span>
#include <vector>

#include "heatloop/store/db.hpp"
#include "heatloop/store/label.hpp"

namespace heatloop::store {

class HistoryRepository {
public:
    explicit HistoryRepository(Db& db) : db_(db) {}

    // Appends entries (never updated or deleted afterwards).
    void append(std::span<const HistoryEntry> entries);
    // Every entry of one label, oldest first.
    std::vector<HistoryEntry> for_label(std::int64_t label_id);
    // Every label as it was at `revision`: the latest entry of each label made at or before
    // it. Ordered by id.
    std::vector<Label> state_at(std::int64_t revision);
    // Number of entries.
    std::int64_t count();
    // Revisions that have at least one entry, ascending.
    std::vector<std::int64_t> revisions();

private:
    Db& db_;
};

}  // namespace heatloop::store
