#include "web/label_input.hpp"

#include <fmt/format.h>

#include <optional>

#include "heatloop/web/api_error.hpp"
#include "web/input.hpp"

namespace heatloop::web {

namespace {

void check_confidence(const std::optional<double>& c) {
    if (c && !(*c >= 0.0 && *c <= 1.0))
        throw bad_request("confidence", fmt::format("confidence {}: expected 0..1", *c));
}

}  // namespace

nlohmann::json parse_json_body(std::string_view text) {
    auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
        throw bad_request("body", "request body: expected a JSON object");
    return j;
}

store::LabelDraft label_draft_from_body(const nlohmann::json& body) {
    reject_unknown_fields(body, {"unit_id", "start", "end", "category", "confidence", "notes"});
    store::LabelDraft d;
    d.unit_id = required_string(body, "unit_id");
    d.start = required_int(body, "start");
    d.end = required_int(body, "end");
    d.category = required_string(body, "category", 64);
    d.confidence = optional_number(body, "confidence").value_or(1.0);
    d.notes = optional_string(body, "notes").value_or("");
    check_time(d.start, "start");
    check_time(d.end, "end");
    if (d.end <= d.start)
        throw bad_request("end", fmt::format("end {} is not after start {}", d.end, d.start));
    check_confidence(d.confidence);
    d.status = store::LabelStatus::proposed;
    return d;
}

LabelEdit label_edit_from_body(const nlohmann::json& body) {
    reject_unknown_fields(body, {"version", "start", "end", "category", "confidence", "notes"});
    LabelEdit e;
    e.version = required_int(body, "version");
    store::LabelPatch& p = e.patch;
    p.start = optional_int(body, "start");
    p.end = optional_int(body, "end");
    p.category = optional_string(body, "category", 64);
    p.confidence = optional_number(body, "confidence");
    p.notes = optional_string(body, "notes");
    if (p.start) check_time(*p.start, "start");
    if (p.end) check_time(*p.end, "end");
    if (p.start && p.end && *p.end <= *p.start)
        throw bad_request("end", fmt::format("end {} is not after start {}", *p.end, *p.start));
    check_confidence(p.confidence);
    if (p.empty())
        throw bad_request("body",
                          "nothing to change: give start, end, category, "
                          "confidence or notes");
    return e;
}

}  // namespace heatloop::web
