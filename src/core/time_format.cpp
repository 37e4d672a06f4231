#include "heatloop/core/time_format.hpp"

#include <fmt/format.h>

#include <array>
#include <string>

#include "heatloop/core/error.hpp"

namespace heatloop {

namespace {

constexpr std::string_view k_directives = "YymdHIMSfpbzTF%";

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Reads min..max digits at s[pos]; advances pos.
bool read_digits(std::string_view s, std::size_t& pos, std::size_t min, std::size_t max,
                 unsigned& out) {
    std::size_t n = 0;
    unsigned v = 0;
    while (n < max && pos + n < s.size() && is_digit(s[pos + n]))
        v = v * 10 + static_cast<unsigned>(s[pos + n++] - '0');
    if (n < min) return false;
    pos += n;
    out = v;
    return true;
}

bool read_month_name(std::string_view s, std::size_t& pos, unsigned& month) {
    static constexpr std::array<std::string_view, 12> k_names{
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    for (unsigned m = 0; m < 12; ++m) {
        const std::string_view name = k_names[m];
        auto matches = [&](std::size_t len) {
            if (pos + len > s.size()) return false;
            for (std::size_t i = 0; i < len; ++i)
                if (lower(s[pos + i]) != name[i]) return false;
            return true;
        };
        if (matches(name.size())) {
            pos += name.size();
        } else if (matches(3)) {
            pos += 3;
        } else {
            continue;
        }
        month = m + 1;
        return true;
    }
    return false;
}

bool read_offset(std::string_view s, std::size_t& pos, int& minutes) {
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
        minutes = 0;
        return true;
    }
    if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return false;
    const int sign = s[pos] == '-' ? -1 : 1;
    std::size_t p = pos + 1;
    unsigned hh = 0, mm = 0;
    if (!read_digits(s, p, 2, 2, hh)) return false;
    if (p < s.size() && s[p] == ':') ++p;
    if (p < s.size() && is_digit(s[p]) && !read_digits(s, p, 2, 2, mm)) return false;
    if (hh > 23 || mm > 59) return false;
    pos = p;
    minutes = sign * static_cast<int>(hh * 60 + mm);
    return true;
}

bool leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned month_days(int y, unsigned m) {
    static constexpr std::array<unsigned, 12> k{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : k[m - 1];
}

}  // namespace

TimeFormat::TimeFormat(std::string_view format) : text_(format) {
    std::string seen;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%') {
            items_.push_back(Item{0, format[i]});
            continue;
        }
        const char d = i + 1 < format.size() ? format[++i] : '\0';
        if (d == '\0' || k_directives.find(d) == std::string_view::npos)
            throw InvalidInputError(fmt::format(
                "time format '{}': unknown directive '%{}'; use %Y %y %m %d %H %I %p %M %S %f %b "
                "%z %T %F %%",
                format, d == '\0' ? std::string() : std::string(1, d)));
        if (d == '%') {
            items_.push_back(Item{0, '%'});
            continue;
        }
        if (seen.find(d) != std::string::npos)
            throw InvalidInputError(
                fmt::format("time format '{}': %{} given twice", format, std::string(1, d)));
        seen.push_back(d);
        items_.push_back(Item{d, 0});
    }
    auto has = [&](std::string_view any) { return seen.find_first_of(any) != std::string::npos; };
    if (!has("F") && !(has("Yy") && has("mb") && has("d")))
        throw InvalidInputError(fmt::format(
            "time format '{}': needs a year (%Y or %y), a month (%m or %b) and a day (%d), "
            "e.g. '%m/%d/%Y %H:%M'",
            format));
    if (has("I") != has("p"))
        throw InvalidInputError(
            fmt::format("time format '{}': %I (12-hour clock) and %p (AM/PM) go together", format));
}

bool TimeFormat::parse(std::string_view s, ParsedTime& out) const {
    ParsedTime t;
    std::size_t pos = 0;
    unsigned v = 0, hour12 = 0;
    int pm = -1;
    auto clock = [&](unsigned max, unsigned& field) {
        return read_digits(s, pos, 1, 2, field) && field <= max;
    };
    for (const Item& item : items_) {
        switch (item.directive) {
            case 0:
                if (item.literal == ' ') {
                    if (pos >= s.size() || s[pos] != ' ') return false;
                    while (pos < s.size() && s[pos] == ' ') ++pos;
                } else {
                    if (pos >= s.size() || s[pos] != item.literal) return false;
                    ++pos;
                }
                break;
            case 'Y':
                if (!read_digits(s, pos, 4, 4, v)) return false;
                t.year = static_cast<int>(v);
                break;
            case 'y':
                if (!read_digits(s, pos, 2, 2, v)) return false;
                t.year = static_cast<int>(v < 69 ? 2000 + v : 1900 + v);
                break;
            case 'm':
                if (!read_digits(s, pos, 1, 2, t.month)) return false;
                break;
            case 'b':
                if (!read_month_name(s, pos, t.month)) return false;
                break;
            case 'd':
                if (!read_digits(s, pos, 1, 2, t.day)) return false;
                break;
            case 'F': {
                unsigned y = 0;
                if (!read_digits(s, pos, 4, 4, y) || pos >= s.size() || s[pos++] != '-' ||
                    !read_digits(s, pos, 1, 2, t.month) || pos >= s.size() || s[pos++] != '-' ||
                    !read_digits(s, pos, 1, 2, t.day))
                    return false;
                t.year = static_cast<int>(y);
                break;
            }
            case 'H':
                if (!clock(23, t.hour)) return false;
                break;
            case 'I':
                if (!clock(12, hour12) || hour12 == 0) return false;
                break;
            case 'p':
                if (pos + 2 > s.size() || lower(s[pos + 1]) != 'm') return false;
                if (lower(s[pos]) == 'a')
                    pm = 0;
                else if (lower(s[pos]) == 'p')
                    pm = 1;
                else
                    return false;
                pos += 2;
                break;
            case 'M':
                if (!clock(59, t.minute)) return false;
                break;
            case 'S':
                if (!clock(59, t.second)) return false;
                break;
            case 'T':
                if (!clock(23, t.hour) || pos >= s.size() || s[pos++] != ':' ||
                    !clock(59, t.minute) || pos >= s.size() || s[pos++] != ':' ||
                    !clock(59, t.second))
                    return false;
                break;
            case 'f': {
                unsigned scale = 100, n = 0;
                t.ms = 0;
                while (pos < s.size() && is_digit(s[pos]) && n < 9) {
                    t.ms += static_cast<unsigned>(s[pos++] - '0') * scale;
                    scale /= 10;
                    ++n;
                }
                if (n == 0) return false;
                break;
            }
            case 'z': {
                int minutes = 0;
                if (!read_offset(s, pos, minutes)) return false;
                t.offset_minutes = minutes;
                break;
            }
            default:
                return false;
        }
    }
    if (pos != s.size()) return false;
    if (pm >= 0) t.hour = hour12 % 12 + (pm ? 12 : 0);
    if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > month_days(t.year, t.month))
        return false;
    out = t;
    return true;
}

DateOrder parse_date_order(std::string_view text) {
    std::string key;
    for (char c : text)
        if (c != ' ' && c != '-' && c != '_') key.push_back(lower(c));
    if (key == "dmy" || key == "dayfirst") return DateOrder::dmy;
    if (key == "mdy" || key == "monthfirst") return DateOrder::mdy;
    throw InvalidInputError(fmt::format(
        "date order '{}': expected dmy (day first, 03/11/2017 is 3 November) or mdy (month "
        "first, 03/11/2017 is 11 March)",
        text));
}

std::string_view date_order_name(DateOrder order) {
    return order == DateOrder::dmy ? "dmy" : order == DateOrder::mdy ? "mdy" : "unknown";
}

int parse_utc_offset(std::string_view text) {
    std::string_view s = text;
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (s == "UTC" || s == "utc" || s == "Z" || s == "z") return 0;
    if (s.size() > 3 && (s.substr(0, 3) == "UTC" || s.substr(0, 3) == "GMT")) s.remove_prefix(3);
    int minutes = 0;
    std::size_t pos = 0;
    bool ok = !s.empty() && (s[0] == '+' || s[0] == '-');
    if (ok) {
        // Also "+1" and "-8": one-digit hours.
        std::string padded(s);
        if (padded.size() == 2) padded.insert(1, "0");
        ok = read_offset(padded, pos, minutes) && pos == padded.size();
    }
    if (!ok)
        throw InvalidInputError(fmt::format(
            "UTC offset '{}': expected +hh:mm or -hh:mm (e.g. -08:00 for a logger on Pacific "
            "standard time all year)",
            text));
    return minutes;
}

}  // namespace heatloop
