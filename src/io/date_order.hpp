#pragma once
/// Dates such as "03/11/2017" can be day-first or month-first: the file itself must say
/// which (a day after the 12th), or the user does (`--date-order`, `--time-format`).

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string_view>

#include "heatloop/core/time.hpp"

namespace heatloop::io {

/// When the first data record's field `time_col` is a "d/m/yyyy" date: the order proven by
/// the first date in the column whose first or second number is above 12. nullopt when the
/// first timestamp is not such a date. Throws InvalidInputError ("file:line:column: ...")
/// when no date in the file proves the order.
std::optional<DateOrder> prove_date_order(const std::filesystem::path& file, std::size_t time_col,
                                          std::string_view name);

}  // namespace heatloop::io
