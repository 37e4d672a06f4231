#include "heatloop/core/time.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/core/time_format.hpp"

namespace heatloop {

namespace {

constexpr bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Reads exactly n digits at s[pos..pos+n); false if any is not a digit.
bool digits(std::string_view s, size_t pos, size_t n, unsigned& out) {
    if (pos + n > s.size()) return false;
    unsigned v = 0;
    for (size_t i = 0; i < n; ++i) {
        char c = s[pos + i];
        if (!is_digit(c)) return false;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    out = v;
    return true;
}

bool is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int y, unsigned m) {
    static constexpr std::array<unsigned, 12> k{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : k[m - 1];
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// Parsed pieces of a civil timestamp, before any zone is applied.
struct Fields {
    int year = 0;
    unsigned month = 0, day = 0, hour = 0, minute = 0, second = 0, ms = 0;
    bool has_offset = false;
    int offset_minutes = 0;
};

// "hh:mm[:ss[.fff]]" starting at pos; advances pos.
bool parse_clock(std::string_view s, size_t& pos, Fields& f) {
    // One-digit hours too ("8/28/2007 0:00").
    const size_t h = pos + 1 < s.size() && s[pos + 1] == ':' ? 1 : 2;
    if (!digits(s, pos, h, f.hour) || pos + h >= s.size() || s[pos + h] != ':' ||
        !digits(s, pos + h + 1, 2, f.minute))
        return false;
    pos += h + 3;
    if (pos < s.size() && s[pos] == ':') {
        if (!digits(s, pos + 1, 2, f.second)) return false;
        pos += 3;
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            unsigned scale = 100;
            size_t start = pos;
            while (pos < s.size() && is_digit(s[pos])) {
                f.ms += static_cast<unsigned>(s[pos] - '0') * scale;
                scale /= 10;
                ++pos;
            }
            if (pos == start) return false;
        }
    }
    return f.hour < 24 && f.minute < 60 && f.second < 60;
}

// "Z", "+hh:mm", "+hhmm", "+hh" at pos, or nothing.
bool parse_offset(std::string_view s, size_t pos, Fields& f) {
    if (pos == s.size()) return true;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        f.has_offset = true;
        return pos + 1 == s.size();
    }
    if (s[pos] != '+' && s[pos] != '-') return false;
    int sign = s[pos] == '-' ? -1 : 1;
    unsigned hh = 0, mm = 0;
    if (!digits(s, pos + 1, 2, hh)) return false;
    size_t p = pos + 3;
    if (p < s.size() && s[p] == ':') ++p;
    if (p < s.size()) {
        if (!digits(s, p, 2, mm)) return false;
        p += 2;
    }
    if (p != s.size() || hh > 23 || mm > 59) return false;
    f.has_offset = true;
    f.offset_minutes = sign * static_cast<int>(hh * 60 + mm);
    return true;
}

bool valid_date(const Fields& f) {
    return f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= days_in_month(f.year, f.month);
}

// "d/m/yyyy" with one- or two-digit day and month, in `order`; sets `ambiguous` when the
// order is unknown and both could be the month (and differ). Advances pos.
bool parse_slash_date(std::string_view s, size_t& pos, DateOrder order, Fields& f,
                      bool& ambiguous) {
    unsigned a = 0, b = 0, c = 0;
    size_t p = 0;
    auto one_or_two = [&](unsigned& out) {
        if (!digits(s, p, 1, out)) return false;
        ++p;
        unsigned second = 0;
        if (digits(s, p, 1, second)) {
            out = out * 10 + second;
            ++p;
        }
        return true;
    };
    if (!one_or_two(a) || p >= s.size() || s[p] != '/') return false;
    ++p;
    if (!one_or_two(b) || p >= s.size() || s[p] != '/') return false;
    ++p;
    if (!digits(s, p, 4, c)) return false;
    p += 4;
    if (order == DateOrder::unknown) {
        if (a > 12 && b <= 12)
            order = DateOrder::dmy;
        else if (b > 12 && a <= 12)
            order = DateOrder::mdy;
        else if (a == b)
            order = DateOrder::dmy;  // the same either way
        else {
            ambiguous = a <= 12 && b <= 12;
            return false;
        }
    }
    f.day = order == DateOrder::dmy ? a : b;
    f.month = order == DateOrder::dmy ? b : a;
    f.year = static_cast<int>(c);
    pos = p;
    return true;
}

// Any of the civil forms; false when the text is not one of them (`ambiguous` set when it is
// a d/m/yyyy date whose order is unknown).
bool parse_civil(std::string_view s, Fields& f, DateOrder order, bool& ambiguous) {
    unsigned a = 0, b = 0, c = 0;
    size_t pos = 0;
    if (digits(s, 0, 4, a) && s.size() >= 10 && s[4] == '-' && s[7] == '-' && digits(s, 5, 2, b) &&
        digits(s, 8, 2, c)) {  // yyyy-mm-dd
        f.year = static_cast<int>(a);
        f.month = b;
        f.day = c;
        pos = 10;
    } else if (digits(s, 0, 2, a) && s.size() >= 10 && (s[2] == '-' || s[2] == '.') &&
               s[5] == s[2] && digits(s, 3, 2, b) && digits(s, 6, 4, c)) {  // dd-mm-yyyy
        f.day = order == DateOrder::mdy ? b : a;
        f.month = order == DateOrder::mdy ? a : b;
        f.year = static_cast<int>(c);
        pos = 10;
    } else if (!parse_slash_date(s, pos, order, f, ambiguous)) {
        return false;
    }
    if (!valid_date(f)) return false;
    if (pos == s.size()) return true;
    if (s[pos] == 'T' || s[pos] == ' ') {
        ++pos;
        while (pos < s.size() && s[pos] == ' ') ++pos;
        if (!parse_clock(s, pos, f)) return false;
    }
    return parse_offset(s, pos, f);
}

std::int64_t civil_ms(const Fields& f) {
    std::int64_t days = days_from_civil(f.year, f.month, f.day);
    return ((days * 24 + f.hour) * 60 + f.minute) * k_minute_ms + f.second * k_second_ms + f.ms;
}

// Years 1..9999: what format_iso writes with four digits and the parsers read back. Anything
// else is a typo or a unit mix-up (an epoch in micro- or nanoseconds) and would size a grid
// of centuries.
constexpr double k_min_time = -62135596800000.0;  // 0001-01-01T00:00:00Z
constexpr double k_max_time = 253402300799999.0;  // 9999-12-31T23:59:59.999Z

bool in_time_range(double ms) {
    return ms >= k_min_time && ms <= k_max_time;
}

// Epoch seconds or milliseconds (by magnitude), optionally with a fraction, in milliseconds
// (unrounded, possibly out of range).
std::optional<double> parse_epoch(std::string_view s) {
    size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
    if (i == s.size()) return std::nullopt;
    for (size_t k = i; k < s.size(); ++k)
        if (!is_digit(s[k]) && s[k] != '.') return std::nullopt;
    if (s.size() > 24) return std::nullopt;  // beyond any epoch in range, whatever the unit
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
    // Seconds up to ~5138 AD; anything larger is milliseconds.
    return std::fabs(v) < 1e11 ? v * 1000.0 : v;
}

// A parsed time in milliseconds, or nullopt outside years 1..9999 (checked before rounding,
// which would overflow).
std::optional<Timestamp> checked_time(double ms) {
    if (!in_time_range(ms)) return std::nullopt;
    const auto t = static_cast<Timestamp>(std::llround(ms));
    if (!in_time_range(static_cast<double>(t))) return std::nullopt;
    return t;
}

}  // namespace

std::int64_t days_from_civil(int y, unsigned m, unsigned d) noexcept {
    // Howard Hinnant's algorithm.
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilTime to_civil(Timestamp t) noexcept {
    std::int64_t days = t >= 0 ? t / k_day_ms : -((-t + k_day_ms - 1) / k_day_ms);
    std::int64_t rem = t - days * k_day_ms;
    std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const int y = static_cast<int>(yoe + era * 400) + (m <= 2);
    CivilTime c{};
    c.year = y;
    c.month = m;
    c.day = d;
    c.hour = static_cast<unsigned>(rem / k_hour_ms);
    c.minute = static_cast<unsigned>(rem % k_hour_ms / k_minute_ms);
    c.second = static_cast<unsigned>(rem % k_minute_ms / k_second_ms);
    c.millisecond = static_cast<unsigned>(rem % k_second_ms);
    return c;
}

std::string format_iso(Timestamp t) {
    CivilTime c = to_civil(t);
    if (c.millisecond != 0)
        return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", c.year, c.month, c.day,
                           c.hour, c.minute, c.second, c.millisecond);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, c.hour,
                       c.minute, c.second);
}

Duration parse_duration(std::string_view text) {
    std::string_view s = trim(text);
    size_t i = 0;
    while (i < s.size() && (is_digit(s[i]) || s[i] == '.')) ++i;
    double n = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + i, n);
    std::string_view unit = s.substr(i);
    while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
    Duration scale = 0;
    if (unit == "ms")
        scale = 1;
    else if (unit == "s" || unit == "sec")
        scale = k_second_ms;
    else if (unit == "min" || unit == "m" || unit == "T")
        scale = k_minute_ms;
    else if (unit == "h" || unit == "H")
        scale = k_hour_ms;
    else if (unit == "d" || unit == "D")
        scale = k_day_ms;
    if (i == 0 || ec != std::errc() || ptr != s.data() + i || scale == 0 || n < 0)
        throw InvalidInputError(fmt::format(
            "duration '{}': expected a number and a unit (ms, s, min, h, d), e.g. '30min'", text));
    // No longer than the span of times there are (checked before rounding, which would
    // overflow).
    const double ms = n * static_cast<double>(scale);
    if (!(ms <= k_max_time - k_min_time))
        throw InvalidInputError(
            fmt::format("duration '{}': longer than the 10,000 years of possible times", text));
    return static_cast<Duration>(std::llround(ms));
}

std::string format_duration(Duration d) {
    if (d != 0 && d % k_day_ms == 0) return fmt::format("{}d", d / k_day_ms);
    if (d != 0 && d % k_hour_ms == 0) return fmt::format("{}h", d / k_hour_ms);
    if (d != 0 && d % k_minute_ms == 0) return fmt::format("{}min", d / k_minute_ms);
    if (d % k_second_ms == 0) return fmt::format("{}s", d / k_second_ms);
    return fmt::format("{}ms", d);
}

Timestamp parse_utc(std::string_view text) {
    std::string_view s = trim(text);
    Fields f;
    bool ambiguous = false;
    std::optional<double> ms;
    if (parse_civil(s, f, DateOrder::unknown, ambiguous))
        ms = static_cast<double>(civil_ms(f) - f.offset_minutes * k_minute_ms);
    else
        ms = parse_epoch(s);
    if (ms) {
        if (auto t = checked_time(*ms)) return *t;
        throw InvalidInputError(fmt::format(
            "time '{}': outside the years 0001..9999 (a typo, or epoch micro- or nanoseconds?)",
            text));
    }
    throw InvalidInputError(fmt::format(
        "time '{}': expected ISO 8601 UTC such as 2024-01-01 or 2024-01-01T06:00:00Z", text));
}

std::string_view describe(TimeParseError e) {
    switch (e) {
        case TimeParseError::ok:
            return "ok";
        case TimeParseError::malformed:
            return "not a timestamp (expected ISO 8601, dd-mm-yyyy hh:mm:ss or epoch seconds/ms; "
                   "--time-format reads any other layout)";
        case TimeParseError::needs_timezone:
            return "local time without a zone: pass --tz (e.g. --tz Europe/Zurich or --tz UTC)";
        case TimeParseError::ambiguous_local:
            return "local time occurs twice (daylight-saving fall-back); export in UTC or with "
                   "an offset";
        case TimeParseError::nonexistent_local:
            return "local time does not exist (daylight-saving spring-forward gap)";
        case TimeParseError::ambiguous_date:
            return "day-first or month-first date: pass --date-order dmy or --date-order mdy "
                   "(or --time-format)";
        case TimeParseError::out_of_range:
            return "timestamp out of range (accepted: years 1900 to 2199)";
    }
    return "unknown";
}

// One-hour cache of the zone lookup: consecutive rows almost always share an hour.
struct TimestampParser::Zone {
    const date::time_zone* zone = nullptr;
    mutable std::int64_t cached_hour = INT64_MIN;
    mutable TimeParseError cached_error = TimeParseError::ok;
    mutable std::int64_t cached_offset_ms = 0;
};

// A --time-format, parsed once and shared by the copies a multi-threaded reader makes.
struct TimestampParser::Format {
    TimeFormat format;
};

TimestampParser::TimestampParser(std::string tz, TimeSyntax syntax)
    : tz_(std::move(tz)), syntax_(std::move(syntax)) {
    if (!syntax_.format.empty())
        format_ = std::make_shared<const Format>(Format{TimeFormat(syntax_.format)});
    if (!tz_.empty() && syntax_.utc_offset_minutes)
        throw InvalidInputError(fmt::format(
            "time zone '{}' and a UTC offset were both given: naive times are either in a zone "
            "(with its daylight saving) or at a fixed offset; give one",
            tz_));
    if (tz_.empty()) return;
    zone_ = std::make_unique<Zone>();
    if (tz_ == "UTC" || tz_ == "Etc/UTC" || tz_ == "Z") return;
    try {
        zone_->zone = date::locate_zone(tz_);
    } catch (const std::exception&) {
        throw InvalidInputError(
            fmt::format("time zone '{}': unknown IANA zone name (e.g. Europe/Zurich, UTC)", tz_));
    }
}

TimestampParser::~TimestampParser() = default;
TimestampParser::TimestampParser(TimestampParser&&) noexcept = default;
TimestampParser& TimestampParser::operator=(TimestampParser&&) noexcept = default;

std::optional<Timestamp> TimestampParser::parse(std::string_view text,
                                                TimeParseError& error) const {
    std::string_view s = trim(text);
    error = TimeParseError::ok;
    std::optional<Timestamp> out;
    if (format_) {
        ParsedTime p;
        if (!format_->format.parse(s, p)) {
            error = TimeParseError::malformed;
            return std::nullopt;
        }
        Fields f;
        f.year = p.year;
        f.month = p.month;
        f.day = p.day;
        f.hour = p.hour;
        f.minute = p.minute;
        f.second = p.second;
        f.ms = p.ms;
        const std::int64_t local = civil_ms(f);
        out = p.offset_minutes ? std::optional<Timestamp>(local - *p.offset_minutes * k_minute_ms)
                               : local_to_utc(local, error);
    } else {
        Fields f;
        bool ambiguous = false;
        if (parse_civil(s, f, syntax_.date_order, ambiguous)) {
            std::int64_t local = civil_ms(f);
            out = f.has_offset ? std::optional<Timestamp>(local - f.offset_minutes * k_minute_ms)
                               : local_to_utc(local, error);
        } else if (ambiguous) {
            error = TimeParseError::ambiguous_date;
            return std::nullopt;
        } else if (auto e = parse_epoch(s)) {
            out = checked_time(*e);
            if (!out) {
                error = TimeParseError::out_of_range;
                return std::nullopt;
            }
        } else {
            error = TimeParseError::malformed;
            return std::nullopt;
        }
    }
    if (out && (*out < k_min_timestamp || *out >= k_max_timestamp)) {
        error = TimeParseError::out_of_range;
        return std::nullopt;
    }
    return out;
}

std::optional<Timestamp> TimestampParser::local_to_utc(std::int64_t local_ms,
                                                       TimeParseError& error) const {
    if (syntax_.utc_offset_minutes) return local_ms - *syntax_.utc_offset_minutes * k_minute_ms;
    if (!zone_) {
        error = TimeParseError::needs_timezone;
        return std::nullopt;
    }
    if (!zone_->zone) return local_ms;  // UTC
    std::int64_t hour =
        local_ms >= 0 ? local_ms / k_hour_ms : (local_ms - k_hour_ms + 1) / k_hour_ms;
    if (hour != zone_->cached_hour) {
        // Decide per local minute-hour block; transitions happen on whole hours or half hours,
        // so check both the start and end of the hour and fall back to per-call lookups.
        using namespace std::chrono;
        auto lookup = [&](std::int64_t ms) {
            return zone_->zone->get_info(date::local_seconds{seconds{ms / 1000}});
        };
        auto a = lookup(hour * k_hour_ms);
        auto b = lookup(hour * k_hour_ms + k_hour_ms - 1000);
        if (a.result == b.result && a.first.offset == b.first.offset) {
            zone_->cached_hour = hour;
            zone_->cached_offset_ms = duration_cast<milliseconds>(a.first.offset).count();
            zone_->cached_error = a.result == date::local_info::unique ? TimeParseError::ok
                                  : a.result == date::local_info::ambiguous
                                      ? TimeParseError::ambiguous_local
                                      : TimeParseError::nonexistent_local;
        } else {
            zone_->cached_hour = INT64_MIN;
            auto c = lookup(local_ms);
            if (c.result != date::local_info::unique) {
                error = c.result == date::local_info::ambiguous ? TimeParseError::ambiguous_local
                                                                : TimeParseError::nonexistent_local;
                return std::nullopt;
            }
            return local_ms - duration_cast<milliseconds>(c.first.offset).count();
        }
    }
    if (zone_->cached_error != TimeParseError::ok) {
        error = zone_->cached_error;
        return std::nullopt;
    }
    return local_ms - zone_->cached_offset_ms;
}

}  // namespace heatloop
