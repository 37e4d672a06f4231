#include "heatloop/eval/inputs.hpp"

#include <fmt/format.h>

#include <array>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::eval {

namespace {

constexpr std::array k_states{std::pair{LabelState::proposed, "proposed"},
                              std::pair{LabelState::confirmed, "confirmed"},
                              std::pair{LabelState::rejected, "rejected"}};

}  // namespace

std::string_view state_name(LabelState s) {
    return enum_name(k_states, s);
}

LabelState parse_state(std::string_view name) {
    return parse_enum(k_states, name, "label status");
}

std::string kind_from_notes(std::string_view notes) {
    constexpr std::string_view tag = "kind:";
    const std::size_t at = notes.find(tag);
    if (at == std::string_view::npos) return "";
    std::size_t i = at + tag.size();
    while (i < notes.size() && notes[i] == ' ') ++i;
    const std::size_t begin = i;
    auto word_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    };
    while (i < notes.size() && word_char(notes[i])) ++i;
    return std::string(notes.substr(begin, i - begin));
}

void check(const UnitData& u) {
    const std::size_t n = u.time.size();
    auto same_length = [&](std::size_t size, std::string_view what, bool optional) {
        if (size != n && !(optional && size == 0))
            throw InvalidInputError(fmt::format("evaluate unit {}: {} {} values for {} timestamps",
                                                u.unit_id, size, what, n));
    };
    same_length(u.scores.size(), "score", false);
    same_length(u.mode.size(), "mode", true);
    same_length(u.outdoor_temp.size(), "outdoor_temp", true);
    for (std::size_t i = 1; i < n; ++i)
        if (u.time[i] <= u.time[i - 1])
            throw InvalidInputError(
                fmt::format("evaluate unit {}: time does not increase at sample {} ({} after {})",
                            u.unit_id, i, format_iso(u.time[i]), format_iso(u.time[i - 1])));
    if (u.step < 0)
        throw InvalidInputError(
            fmt::format("evaluate unit {}: negative step {} ms", u.unit_id, u.step));
    for (const Interval& g : u.gaps)
        if (g.end <= g.start)
            throw InvalidInputError(fmt::format("evaluate unit {}: gap [{}, {}) is empty",
                                                u.unit_id, format_iso(g.start), format_iso(g.end)));
    for (const auto& a : u.alarms) {
        if (a.end <= a.start)
            throw InvalidInputError(fmt::format("evaluate unit {}: alarm [{}, {}) is empty",
                                                u.unit_id, format_iso(a.start), format_iso(a.end)));
        if (a.unit_id != u.unit_id)
            throw InvalidInputError(
                fmt::format("evaluate unit {}: an alarm belongs to unit {}", u.unit_id, a.unit_id));
    }
}

}  // namespace heatloop::eval
