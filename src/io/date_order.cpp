#include "io/date_order.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "io/csv_reader.hpp"
#include "io/problem_log.hpp"

namespace heatloop::io {

namespace {

// "a/b/yyyy..." with one- or two-digit a and b; false otherwise.
bool slash_date(std::string_view s, unsigned& a, unsigned& b) {
    std::size_t p = 0;
    auto number = [&](unsigned& out) {
        std::size_t n = 0;
        out = 0;
        while (p < s.size() && n < 2 && s[p] >= '0' && s[p] <= '9') {
            out = out * 10 + static_cast<unsigned>(s[p++] - '0');
            ++n;
        }
        return n > 0;
    };
    while (p < s.size() && s[p] == ' ') ++p;
    if (!number(a) || p >= s.size() || s[p++] != '/') return false;
    if (!number(b) || p >= s.size() || s[p++] != '/') return false;
    unsigned year_digits = 0;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p, ++year_digits;
    return year_digits == 4;
}

}  // namespace

std::optional<DateOrder> prove_date_order(const std::filesystem::path& file, std::size_t time_col,
                                          std::string_view name) {
    LineSource src(file, 1 << 16);  // usually only the first record is needed
    CsvReader csv(src);
    bool first = true;
    long first_line = 0;
    std::string example;
    while (csv.next()) {
        const auto& f = csv.fields();
        if (f.size() <= time_col) continue;
        unsigned a = 0, b = 0;
        const bool is_date = slash_date(f[time_col], a, b);
        if (first) {
            if (!is_date) return std::nullopt;  // not this kind of date
            first = false;
            first_line = csv.line();
            example = std::string(f[time_col]);
        }
        if (!is_date) continue;
        if (a > 12 && b <= 12) return DateOrder::dmy;
        if (b > 12 && a <= 12) return DateOrder::mdy;
    }
    if (first) return std::nullopt;
    throw InvalidInputError(fmt::format(
        "{}:{}:{}: timestamp {}: dates written d/m/yyyy or m/d/yyyy, and no day after the 12th "
        "in the file tells which: pass --date-order dmy (day first) or --date-order mdy (month "
        "first), or --time-format (e.g. \"%m/%d/%Y %H:%M\")",
        name, first_line, time_col + 1, quote_field(example)));
}

}  // namespace heatloop::io
