#include "web/label_input.hpp"

#include <gtest/gtest.h>

#include <string>

#include "heatloop/web/api_error.hpp"

namespace heatloop::web {
namespace {

// The field a body is refused for (the 400's "field"), or "" when it is accepted.
template <class Parse>
std::string refused_field(const std::string& body, Parse parse) {
    try {
        parse(parse_json_body(body));
    } catch (const ApiError& e) {
        EXPECT_EQ(e.status(), 400) << body;
        EXPECT_EQ(e.code(), "bad_request") << body;
        return e.field().value_or("?");
    }
    return "";
}

TEST(LabelInput, CreateBody) {
    const store::LabelDraft d = label_draft_from_body(parse_json_body(
        R"({"unit_id": "u1", "start": 1000, "end": 2000.0, "category": "defrost", "notes": "x"})"));
    EXPECT_EQ(d.unit_id, "u1");
    EXPECT_EQ(d.start, 1000);
    EXPECT_EQ(d.end, 2000);
    EXPECT_EQ(d.confidence, 1.0);
    EXPECT_EQ(d.status, store::LabelStatus::proposed);
    auto create = [](const nlohmann::json& b) { label_draft_from_body(b); };
    EXPECT_EQ(refused_field("[1]", create), "body");
    EXPECT_EQ(refused_field("{\"unit_id\": ", create), "body");
    EXPECT_EQ(refused_field(R"({"unit_id": "u1", "start": 1, "end": 2, "category": "c", "x": 1})",
                            create),
              "x");
    EXPECT_EQ(refused_field(R"({"unit_id": "u1", "start": 2, "end": 2, "category": "c"})", create),
              "end");
    EXPECT_EQ(
        refused_field(R"({"unit_id": "u1", "start": 1e300, "end": 2, "category": "c"})", create),
        "start");
    EXPECT_EQ(refused_field(
                  R"({"unit_id": "u1", "start": 1, "end": 2, "category": "c", "confidence": 1.5})",
                  create),
              "confidence");
}

TEST(LabelInput, EditBody) {
    const LabelEdit e = label_edit_from_body(parse_json_body(R"({"version": 3, "notes": ""})"));
    EXPECT_EQ(e.version, 3);
    EXPECT_EQ(e.patch.notes, std::optional<std::string>(""));
    auto edit = [](const nlohmann::json& b) { label_edit_from_body(b); };
    EXPECT_EQ(refused_field(R"({"version": 3})", edit), "body");
    EXPECT_EQ(refused_field(R"({"notes": "n"})", edit), "version");
    EXPECT_EQ(refused_field(R"({"version": 3, "start": 5, "end": 4})", edit), "end");
    EXPECT_EQ(refused_field(R"({"version": 3, "category": 7})", edit), "category");
}

}  // namespace
}  // namespace heatloop::web
