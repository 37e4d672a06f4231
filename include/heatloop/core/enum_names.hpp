#pragma once
/// One pattern for an enum's names: a constexpr table of {value, "name"} pairs, and the two
/// look-ups every name/parse pair needs. An unknown name lists the valid ones.
///
///   constexpr std::array k_splits{std::pair{SplitKind::time, "time"}, ...};
///   std::string_view split_name(SplitKind k) { return enum_name(k_splits, k); }
///   SplitKind parse_split(std::string_view n) { return parse_enum(k_splits, n, "split"); }

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "heatloop/core/error.hpp"

namespace heatloop {

/// The name of `value` in `table` ("?" when the table lacks it, a programmer error).
template <class Table, class E>
constexpr std::string_view enum_name(const Table& table, E value) noexcept {
    for (const auto& [v, name] : table)
        if (v == value) return name;
    return "?";
}

/// The names of `table`, comma-separated, for messages.
template <class Table>
std::string enum_names(const Table& table) {
    std::string out;
    for (const auto& [v, name] : table) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

/// The value named `name`, or nullopt (for callers that report an unknown name themselves).
template <class Table>
constexpr auto find_enum(const Table& table, std::string_view name) noexcept {
    using E = typename Table::value_type::first_type;
    for (const auto& [v, n] : table)
        if (name == n) return std::optional<E>(v);
    return std::optional<E>();
}

/// The error for an unknown name: "unknown <what> 'x' (valid: a, b)". For parsers that
/// normalise a name (case, spaces) before find_enum and report the name as given.
template <class Table>
InvalidInputError unknown_enum_error(const Table& table, std::string_view name,
                                     std::string_view what) {
    return InvalidInputError(
        fmt::format("unknown {} '{}' (valid: {})", what, name, enum_names(table)));
}

/// The value named `name`; throws InvalidInputError "unknown <what> 'x' (valid: a, b)".
template <class Table>
auto parse_enum(const Table& table, std::string_view name, std::string_view what) {
    if (auto v = find_enum(table, name)) return *v;
    throw unknown_enum_error(table, name, what);
}

}  // namespace heatloop
