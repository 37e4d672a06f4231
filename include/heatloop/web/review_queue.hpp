#pragma once
/// A run's review queue (DESIGN.md "Web app"): where the run and the labels disagree.
/// Candidates are the run's alarms that overlap no label (possible new anomalies); missed
/// are the labels (proposed or confirmed) inside the run's evaluated span of a unit that
/// none of its alarms overlaps. Decisions on them are kept per run (review_decisions), and
/// a decided item never comes back for that run.

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "heatloop/eval/inputs.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/store/label.hpp"

namespace heatloop::web {

/// One item of the queue.
struct ReviewItem {
    std::string key;   ///< stable and URL-safe: "c<hash of unit and span>" or "m<label id>"
    std::string kind;  ///< "candidate" or "missed"
    std::string unit_id;
    Timestamp start = 0, end = 0;
    double score = 0.0;  ///< alarm peak; for missed labels the run's highest score inside
    std::optional<std::int64_t> label_id;  ///< missed: the label
    std::string category;                  ///< missed: the label's category; else ""
};

/// Every item of a run's outputs against `labels` (superseded ones are ignored), highest
/// score first (ties by key).
std::vector<ReviewItem> review_items(std::span<const eval::UnitData> units,
                                     std::span<const store::Label> labels);

/// A decision on an item.
struct ReviewDecision {
    std::string run_id, key;
    std::string decision;  ///< "accept" or "reject"
    std::string who;
    Timestamp at = 0;
    std::optional<std::int64_t> label_id;  ///< the label created or changed
    /// The item decided on: its unit ("" for decisions recorded before migration 006), span
    /// and score.
    std::string unit_id;
    Timestamp start = 0, end = 0;
    double score = 0.0;
};

/// The review_decisions table of one (migrated) database connection.
class ReviewStore {
public:
    explicit ReviewStore(store::Db& db) : db_(db) {}
    /// Keys decided for a run.
    std::set<std::string> decided(const std::string& run_id);
    /// Records a decision; ConflictError when the item is already decided.
    void record(const ReviewDecision& d);
    /// The decision on one item, if any.
    std::optional<ReviewDecision> find(const std::string& run_id, const std::string& key);
    /// The run's newest `limit` decisions (only `unit_id`'s when given), newest first.
    std::vector<ReviewDecision> recent(const std::string& run_id, std::size_t limit,
                                       const std::optional<std::string>& unit_id = {});
    /// Forgets the decision on one item (its undo); false when there was none.
    bool erase(const std::string& run_id, const std::string& key);

private:
    store::Db& db_;
};

}  // namespace heatloop::web
