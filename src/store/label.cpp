#include "heatloop/store/label.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"

namespace heatloop::store {

namespace {

constexpr std::array k_statuses{
    std::pair{LabelStatus::proposed, "proposed"}, std::pair{LabelStatus::confirmed, "confirmed"},
    std::pair{LabelStatus::rejected, "rejected"}, std::pair{LabelStatus::superseded, "superseded"}};

template <class T>
T field(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) throw InvalidInputError(fmt::format("label JSON: missing field '{}'", key));
    try {
        return it->get<T>();
    } catch (const nlohmann::json::exception& e) {
        throw InvalidInputError(fmt::format("label JSON: field '{}': {}", key, e.what()));
    }
}

}  // namespace

std::string_view status_name(LabelStatus s) {
    return enum_name(k_statuses, s);
}

std::optional<LabelStatus> find_status(std::string_view name) {
    return find_enum(k_statuses, name);
}

LabelStatus parse_status(std::string_view name) {
    return parse_enum(k_statuses, name, "label status");
}

bool is_valid_source(std::string_view s) {
    if (s == "human" || s == "import" || s == "field_visit" || s == "service_ticket") return true;
    if (s.starts_with("run:")) return s.size() > 4;
    // similar:<label id>: proposed by find-similar from that label (src/similar).
    if (!s.starts_with("similar:") || s.size() == 8) return false;
    return std::all_of(s.begin() + 8, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void check_source(std::string_view source) {
    if (!is_valid_source(source))
        throw InvalidInputError(fmt::format(
            "source '{}': expected human, import, field_visit, service_ticket, run:<id> or "
            "similar:<label id>",
            source));
}

std::optional<std::string> text_problem(std::string_view text) {
    if (auto at = invalid_utf8_at(text))
        return fmt::format("not valid UTF-8 (byte 0x{:02X} at byte {})",
                           static_cast<unsigned char>(text[*at]), *at + 1);
    if (auto nul = text.find('\0'); nul != std::string_view::npos)
        return fmt::format("contains a NUL character at byte {}", nul + 1);
    return std::nullopt;
}

void check_text(std::string_view field, std::string_view text) {
    if (auto problem = text_problem(text))
        throw InvalidInputError(fmt::format("{}: {}: '{}'", field, *problem, visible(text)));
}

bool is_valid_category_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || name[0] < 'a' || name[0] > 'z') return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

nlohmann::json to_json(const Label& l) {
    return nlohmann::json{
        {"id", l.id},
        {"unit_id", l.unit_id},
        {"start", format_iso(l.start)},
        {"end", format_iso(l.end)},
        {"category", l.category},
        {"confidence", l.confidence},
        {"status", status_name(l.status)},
        {"source", l.source},
        {"reviewer", l.reviewer},
        {"notes", l.notes},
        {"created_at", format_iso(l.created_at)},
        {"updated_at", format_iso(l.updated_at)},
        {"version", l.version},
        {"revision", l.revision},
    };
}

Label label_from_json(const nlohmann::json& j) {
    if (!j.is_object()) throw InvalidInputError("label JSON: expected an object");
    Label l;
    l.id = field<std::int64_t>(j, "id");
    l.unit_id = field<std::string>(j, "unit_id");
    l.start = parse_utc(field<std::string>(j, "start"));
    l.end = parse_utc(field<std::string>(j, "end"));
    l.category = field<std::string>(j, "category");
    l.confidence = field<double>(j, "confidence");
    l.status = parse_status(field<std::string>(j, "status"));
    l.source = field<std::string>(j, "source");
    l.reviewer = field<std::string>(j, "reviewer");
    l.notes = field<std::string>(j, "notes");
    l.created_at = parse_utc(field<std::string>(j, "created_at"));
    l.updated_at = parse_utc(field<std::string>(j, "updated_at"));
    l.version = field<std::int64_t>(j, "version");
    l.revision = field<std::int64_t>(j, "revision");
    return l;
}

nlohmann::json to_json(const HistoryEntry& e) {
    return nlohmann::json{
        {"revision", e.revision},
        {"label_id", e.label_id},
        {"version", e.version},
        {"who", e.who},
        {"at", format_iso(e.at)},
        {"action", e.action},
        {"before", e.before ? to_json(*e.before) : nlohmann::json(nullptr)},
        {"after", to_json(e.after)},
        {"why", e.why},
    };
}

}  // namespace heatloop::store
