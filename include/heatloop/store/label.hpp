#pragma once
/// The label model of DESIGN.md "Labels": a labelled span of one unit's time with a
/// category, confidence, lifecycle status and provenance, versioned per change.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "heatloop/core/time.hpp"

namespace heatloop::store {

/// Lifecycle: proposed -> confirmed | rejected (a reviewer may change their mind between
/// those two); any of them -> superseded when the label is split or replaced.
enum class LabelStatus { proposed, confirmed, rejected, superseded };

/// "proposed", "confirmed", "rejected" or "superseded".
std::string_view status_name(LabelStatus s);
/// The status of that name, or nullopt.
std::optional<LabelStatus> find_status(std::string_view name);
/// The status of that name; throws InvalidInputError listing the valid names.
LabelStatus parse_status(std::string_view name);

/// True for a valid provenance: human, import, field_visit, service_ticket, run:<id> or
/// similar:<label id> (proposed by find-similar from that label, src/similar).
bool is_valid_source(std::string_view source);
/// Throws InvalidInputError naming the source and the valid forms unless it is valid.
void check_source(std::string_view source);

/// Why `text` cannot be stored as label text (notes, reviewer, unit id, who, why, ...): "not
/// valid UTF-8 (byte 0xFF at byte 4)" or "contains a NUL character at byte 2"; nullopt when
/// it can. PostgreSQL refuses both in text columns, and JSON output cannot carry the first.
std::optional<std::string> text_problem(std::string_view text);
/// Throws InvalidInputError "`field`: <problem>: '<text shown with visible()>'" unless
/// text_problem(text) is nullopt.
void check_text(std::string_view field, std::string_view text);

/// A confidence as stored: -0 is read as 0 (the same number, one spelling).
inline double normal_confidence(double c) {
    return c == 0.0 ? 0.0 : c;
}

/// True for a valid category name: 1-64 of a-z, 0-9 and '_', starting with a letter.
bool is_valid_category_name(std::string_view name);

/// One category of the extensible taxonomy.
struct Category {
    std::string name;
    std::string description;
    bool operator==(const Category&) const = default;
};

/// One label as stored.
struct Label {
    std::int64_t id = 0;
    std::string unit_id;
    Timestamp start = 0;  ///< inclusive
    Timestamp end = 0;    ///< exclusive
    std::string category;
    double confidence = 1.0;  ///< 0..1
    LabelStatus status = LabelStatus::proposed;
    std::string source = "human";
    std::string reviewer;
    std::string notes;
    Timestamp created_at = 0;
    Timestamp updated_at = 0;
    std::int64_t version = 0;   ///< 1 when created, +1 per change
    std::int64_t revision = 0;  ///< the store revision of its latest change
    bool operator==(const Label&) const = default;
};

/// The fields of a label to create (from `labels add` or one row of an import file).
struct LabelDraft {
    std::string unit_id;
    Timestamp start = 0;
    Timestamp end = 0;
    std::string category;
    double confidence = 1.0;
    LabelStatus status = LabelStatus::proposed;
    std::string source = "human";
    std::string reviewer;
    std::string notes;
    bool operator==(const LabelDraft&) const = default;
};

/// An edit of an existing label: only the fields that are set change.
struct LabelPatch {
    std::optional<Timestamp> start{};
    std::optional<Timestamp> end{};
    std::optional<std::string> category{};
    std::optional<double> confidence{};
    std::optional<std::string> notes{};
    std::optional<std::string> reviewer{};
    /// True when no field is set.
    bool empty() const noexcept {
        return !start && !end && !category && !confidence && !notes && !reviewer;
    }
};

/// One entry of a label's append-only history.
struct HistoryEntry {
    std::int64_t revision = 0;
    std::int64_t label_id = 0;
    std::int64_t version = 0;  ///< the label's version after the change
    std::string who;
    Timestamp at = 0;
    std::string action;  ///< create, import, edit, confirm, reject, supersede, split, delete,
                         ///< restore, revert
    std::optional<Label> before;  ///< nullopt for the change that created the label
    Label after;
    std::string why;
};

/// Who makes a change, and why (recorded in the history).
struct Actor {
    std::string who;
    std::string why;
};

/// Which labels to read: the current set or the set as of a revision or a past time,
/// optionally only one unit or one status.
struct LabelQuery {
    std::optional<std::int64_t> revision{};
    std::optional<Timestamp> as_of{};
    std::optional<std::string> unit_id{};
    std::optional<LabelStatus> status{};
};

/// The JSON object of a label (times as ISO 8601 UTC text, exact to the millisecond).
nlohmann::json to_json(const Label& label);
/// The label of a to_json() object; throws InvalidInputError on a missing or bad field.
Label label_from_json(const nlohmann::json& j);
/// The JSON object of a history entry (before/after as label objects, before null on create).
nlohmann::json to_json(const HistoryEntry& entry);

}  // namespace heatloop::store
