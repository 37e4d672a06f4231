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
    out_of_range,  ///< before 0001-01-01 or after 9999-12-31 (UTC)
};

/// Human-readable reason for a TimeParseError.
std::string_view describe(TimeParseError e);

/// Parses the timestamp forms heatloop accepts, fast enough for millions of rows:
/// ISO 8601 with 'Z' or an offset, "yyyy-mm-dd hh:mm[:ss[.fff]]" (space or 'T'),
/// "dd-mm-yyyy hh:mm:ss" (also with '.' or '/'), epoch seconds or milliseconds (by
/// magnitude). Naive local times need a time zone (`--tz`); a local time that occurs
/// twice (DST fall-back) or never (spring-forward) is rejected, never guessed, and so is a
/// time outside the years 0001..9999.
class TimestampParser {
public:
    /// `tz` is an IANA zone name ("Europe/Zurich", "UTC"); empty = naive times rejected.
    explicit TimestampParser(std::string tz = {});
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
    std::string tz_;
    std::unique_ptr<Zone> zone_;
};

}  // namespace heatloop
