#include "web/input.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "heatloop/core/text.hpp"
#include "heatloop/web/api_error.hpp"

namespace heatloop::web {

namespace {

const nlohmann::json* find(const nlohmann::json& body, const std::string& field) {
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) return nullptr;
    return &*it;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return v;
}

}  // namespace

std::optional<std::int64_t> optional_int(const nlohmann::json& body, const std::string& field) {
    const nlohmann::json* v = find(body, field);
    if (!v) return std::nullopt;
    if (v->is_number_integer()) return v->get<std::int64_t>();
    if (v->is_number_float()) {
        const double d = v->get<double>();
        if (std::trunc(d) == d && std::abs(d) < 9.0e15) return static_cast<std::int64_t>(d);
    }
    throw bad_request(field, fmt::format("{}: expected an integer, got {}", field, v->dump()));
}

std::int64_t required_int(const nlohmann::json& body, const std::string& field) {
    if (auto v = optional_int(body, field)) return *v;
    throw bad_request(field, fmt::format("{}: required (an integer)", field));
}

std::optional<std::string> optional_string(const nlohmann::json& body, const std::string& field,
                                           std::size_t max_length) {
    const nlohmann::json* v = find(body, field);
    if (!v) return std::nullopt;
    if (!v->is_string())
        throw bad_request(field, fmt::format("{}: expected a string, got {}", field, v->dump()));
    std::string s = v->get<std::string>();
    if (s.size() > max_length)
        throw bad_request(field, fmt::format("{}: longer than {} characters", field, max_length));
    return s;
}

std::string required_string(const nlohmann::json& body, const std::string& field,
                            std::size_t max_length) {
    auto s = optional_string(body, field, max_length);
    if (!s || s->empty()) throw bad_request(field, fmt::format("{}: required (a string)", field));
    return *s;
}

std::optional<double> optional_number(const nlohmann::json& body, const std::string& field) {
    const nlohmann::json* v = find(body, field);
    if (!v) return std::nullopt;
    if (!v->is_number())
        throw bad_request(field, fmt::format("{}: expected a number, got {}", field, v->dump()));
    return v->get<double>();
}

void reject_unknown_fields(const nlohmann::json& body, std::initializer_list<const char*> allowed) {
    for (const auto& [key, value] : body.items()) {
        bool ok = false;
        for (const char* a : allowed) ok = ok || key == a;
        if (!ok) throw bad_request(key, fmt::format("{}: unknown field", key));
    }
}

std::optional<std::string> query(const Call& call, const std::string& name) {
    if (!call.req().has_param(name)) return std::nullopt;
    std::string v = call.req().get_param_value(name);
    if (v.empty()) return std::nullopt;
    if (!valid_utf8(v))
        throw bad_request(name, fmt::format("{}: '{}' is not valid UTF-8", name, visible(v)));
    return v;
}

std::optional<std::int64_t> query_int(const Call& call, const std::string& name) {
    auto text = query(call, name);
    if (!text) return std::nullopt;
    if (auto v = parse_int(*text)) return v;
    throw bad_request(name, fmt::format("{}: expected an integer, got '{}'", name, *text));
}

std::int64_t path_id(const Call& call, std::size_t index, const std::string& name) {
    const std::string& text = call.param(index);
    auto v = parse_int(text);
    if (!v || *v <= 0)
        throw bad_request(name,
                          fmt::format("{}: expected a positive integer, got '{}'", name, text));
    return *v;
}

void check_time(std::int64_t t, const std::string& field) {
    // 0001-01-01 .. 9999-12-31 in ms: anything else is a unit mix-up (seconds, microseconds).
    constexpr std::int64_t k_min = -62135596800000, k_max = 253402300799999;
    if (t < k_min || t > k_max)
        throw bad_request(field,
                          fmt::format("{}: {} is not a time in Unix milliseconds", field, t));
}

void check_category(store::LabelService& labels, const std::string& category,
                    const std::string& field) {
    for (const store::Category& c : labels.categories())
        if (c.name == category) return;
    throw bad_request(field, fmt::format("{} '{}' is not in the taxonomy (GET /api/v1/categories)",
                                         field, category));
}

}  // namespace heatloop::web
