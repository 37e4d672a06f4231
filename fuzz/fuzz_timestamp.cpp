// The timestamp parser of every reader (TimestampParser, in four zones), parse_utc (command
// lines, label files) and parse_duration, on one text each. Round trips: a parsed time,
// formatted as ISO 8601, parses back to the same millisecond in every zone and through
// parse_utc; a parsed duration, formatted, parses back to itself. parse_utc and
// parse_duration either return or throw InvalidInputError.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/time.hpp"

using namespace heatloop;

namespace {

const std::array<TimestampParser, 4>& parsers() {
    static const std::array<TimestampParser, 4> p{TimestampParser(""), TimestampParser("UTC"),
                                                  TimestampParser("Europe/Zurich"),
                                                  TimestampParser("America/New_York")};
    return p;
}

// Formatting then parsing gives `t` back, whichever parser reads it.
void check_round_trip(Timestamp t) {
    const std::string iso = format_iso(t);
    // The telemetry parser reads years 1900..2199 and says out_of_range for the rest;
    // parse_utc (command line, labels) reads 0001..9999.
    const bool telemetry = t >= k_min_timestamp && t < k_max_timestamp;
    for (const TimestampParser& p : parsers()) {
        TimeParseError e = TimeParseError::ok;
        const auto back = p.parse(iso, e);
        if (telemetry)
            FUZZ_CHECK(back && *back == t && e == TimeParseError::ok);
        else
            FUZZ_CHECK(!back && e == TimeParseError::out_of_range);
    }
    FUZZ_CHECK(parse_utc(iso) == t);
    const CivilTime c = to_civil(t);
    FUZZ_CHECK(c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= 31 && c.hour < 24 &&
               c.minute < 60 && c.second < 60 && c.millisecond < 1000);
    FUZZ_CHECK(days_from_civil(c.year, c.month, c.day) * k_day_ms + c.hour * k_hour_ms +
                   c.minute * k_minute_ms + c.second * k_second_ms + c.millisecond ==
               t);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const TimestampParser& p : parsers()) {
        TimeParseError e = TimeParseError::ok;
        const auto t = p.parse(text, e);
        FUZZ_CHECK(t.has_value() == (e == TimeParseError::ok));
        if (t)
            check_round_trip(*t);
        else
            FUZZ_CHECK(!describe(e).empty());
    }
    try {
        check_round_trip(parse_utc(text));
    } catch (const InvalidInputError&) {
    }
    try {
        const Duration d = parse_duration(text);
        FUZZ_CHECK(d >= 0);
        FUZZ_CHECK(parse_duration(format_duration(d)) == d);
    } catch (const InvalidInputError&) {
    }
    return 0;
}
