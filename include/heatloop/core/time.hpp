#pragma once
/// UTC timestamps in milliseconds, durations, and fast timestamp parsing for CSV input.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace heatloop {

/// Milliseconds since 1970-01-01T00:00:00Z.
using Timestamp = std::int64_t;
/// A span of time in milliseconds.
using Duration = std::int64_t;

inline constexpr Duration k_second_ms = 1'000;
inline constexpr Duration k_minute_ms = 60 * k_second_ms;
inline constexpr Duration k_hour_ms = 60 * k_minute_ms;
inline constexpr Duration k_day_ms = 24 * k_hour_ms;

/// Days since the epoch of a proleptic Gregorian civil date.
std::int64_t days_from_civil(int year, unsigned month, unsigned day) noexcept;

/// Civil date of a UTC timestamp.
struct CivilTime {
    int year;
    unsigned month, day, hour, minute, second, millisecond;
};
CivilTime to_civil(Timestamp t) noexcept;

/// ISO 8601 UTC text: "2024-01-31T12:00:00Z" (".250" milliseconds only when non-zero).
std::string format_iso(Timestamp t);

/// Parse a duration such as "500ms", "15s", "1min", "30min", "2h", "7d".
/// Throws InvalidInputError naming the text.
Duration parse_duration(std::string_view text);

/// Shortest text for a duration ("30min", "1h", "90s").
std::string format_duration(Duration d);

/// Parse an ISO 8601 UTC timestamp or date ("2024-01-01", "2024-01-01T06:00:00Z");
/// a convenience for command-line arguments. Throws InvalidInputError (also outside the
/// years 0001..9999).
Timestamp parse_utc(std::string_view text);

/// Why a timestamp text was rejected.
enum class TimeParseError {
    ok,
    malformed,
    needs_timezone,
    ambiguous_local,
    nonexistent_local,
    ambiguous_date,  ///< "03/11/2017": day-first or month-first, and no order was given
    out_of_range,    ///< before 1900 or from 2200 on (a mistyped year, a 20-digit epoch)
};

/// The range of timestamps accepted: [1900-01-01, 2200-01-01) UTC.
inline constexpr Timestamp k_min_timestamp = -2'208'988'800'000LL;
inline constexpr Timestamp k_max_timestamp = 7'258'118'400'000LL;

/// The order of day and month in a date such as "03/11/2017".
enum class DateOrder { unknown, dmy, mdy };

/// How timestamps are written, beyond what the parser recognises by itself
/// (`ingest --time-format`, `--date-order`, `--utc-offset`).
struct TimeSyntax {
    /// strftime-like format of the whole field (see heatloop/core/time_format.hpp); empty =
    /// the forms TimestampParser recognises.
    std::string format;
    /// Day and month order of "d/m/yyyy"-like dates; unknown = refuse when both are <= 12.
    DateOrder date_order = DateOrder::unknown;
    /// Naive times are at this fixed offset from UTC, in minutes (a logger without daylight
    /// saving); instead of a zone.
    std::optional<int> utc_offset_minutes;
};

/// Human-readable reason for a TimeParseError.
std::string_view describe(TimeParseError e);

/// Parses the timestamp forms heatloop accepts, fast enough for millions of rows:
/// ISO 8601 with 'Z' or an offset, "yyyy-mm-dd hh:mm[:ss[.fff]]" (space or 'T'),
/// "dd-mm-yyyy hh:mm:ss" (also with '.'), "d/m/yyyy h:mm[:ss]" in the order
/// TimeSyntax::date_order gives (ambiguous_date when it could be either), epoch seconds or
/// milliseconds (by magnitude), or exactly TimeSyntax::format when given. Naive local times need a
/// time zone (`--tz`); a local time that occurs twice (DST fall-back) or never (spring-forward) is
/// rejected, never guessed.
class TimestampParser {
public:
    /// `tz` is an IANA zone name ("Europe/Zurich", "UTC"); empty = naive times rejected
    /// (unless `syntax` gives a UTC offset). Throws InvalidInputError for an unknown zone or
    /// a malformed format.
    explicit TimestampParser(std::string tz = {}, TimeSyntax syntax = {});
    ~TimestampParser();
    TimestampParser(TimestampParser&&) noexcept;
    TimestampParser& operator=(TimestampParser&&) noexcept;

    /// Parse one field; on failure returns std::nullopt and sets `error`.
    std::optional<Timestamp> parse(std::string_view text, TimeParseError& error) const;

    /// The zone naive times are read in ("" when none).
    const std::string& zone() const noexcept { return tz_; }

private:
    std::optional<Timestamp> local_to_utc(std::int64_t local_ms, TimeParseError& error) const;

    struct Zone;
    struct Format;
    std::string tz_;
    TimeSyntax syntax_;
    std::shared_ptr<const Format> format_;
    std::unique_ptr<Zone> zone_;
};

}  // namespace heatloop
