#pragma once
// The bodies of the label create and edit requests, read and checked field by field without
// a database (the handler then checks the unit and category against the store). Every
// failure is a 400 naming the field.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string_view>

#include "heatloop/store/label.hpp"

namespace heatloop::web {

// A request body as a JSON object; 400 (field "body") when it is not one.
nlohmann::json parse_json_body(std::string_view text);

// POST /api/v1/labels: unit_id, start, end, category, confidence, notes. The draft is
// proposed; source and reviewer are the handler's.
store::LabelDraft label_draft_from_body(const nlohmann::json& body);

// PATCH /api/v1/labels/{id}: the version it is based on and the fields to change (at least
// one).
struct LabelEdit {
    std::int64_t version = 0;
    store::LabelPatch patch;
};
LabelEdit label_edit_from_body(const nlohmann::json& body);

}  // namespace heatloop::web
