#include "heatloop/core/time.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"

using namespace heatloop;

namespace {
Timestamp parse_ok(const TimestampParser& p, std::string_view s) {
    TimeParseError e{};
    auto t = p.parse(s, e);
    EXPECT_TRUE(t.has_value()) << s << ": " << describe(e);
    return t.value_or(0);
}
TimeParseError parse_err(const TimestampParser& p, std::string_view s) {
    TimeParseError e{};
    EXPECT_FALSE(p.parse(s, e).has_value()) << s;
    return e;
}
}  // namespace

TEST(Time, CivilRoundTrip) {
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
    EXPECT_EQ(format_iso(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(format_iso(951782400000 + 1500), "2000-02-29T00:00:01.500Z");
    EXPECT_EQ(format_iso(-1000), "1969-12-31T23:59:59Z");
}

TEST(Time, IsoForms) {
    TimestampParser p;
    EXPECT_EQ(parse_ok(p, "2024-01-01T00:00:00Z"), 1704067200000);
    EXPECT_EQ(parse_ok(p, "2024-01-01 01:00:00+01:00"), 1704067200000);
    EXPECT_EQ(parse_ok(p, "2024-01-01T02:30:00+0230"), 1704067200000);
    EXPECT_EQ(parse_ok(p, "2024-01-01T00:00:00.250Z"), 1704067200250);
    EXPECT_EQ(parse_ok(p, "2019-03-01 00:15:00+00:00"), 1551399300000);
    EXPECT_EQ(parse_ok(p, "1704067200"), 1704067200000);
    EXPECT_EQ(parse_ok(p, "1704067200000"), 1704067200000);
    EXPECT_EQ(parse_err(p, "2024-01-01 00:00:00"), TimeParseError::needs_timezone);
    EXPECT_EQ(parse_err(p, "2024-13-01T00:00:00Z"), TimeParseError::malformed);
    EXPECT_EQ(parse_err(p, "2023-02-29T00:00:00Z"), TimeParseError::malformed);
    EXPECT_EQ(parse_err(p, "yesterday"), TimeParseError::malformed);
}

TEST(Time, DayFirstAndZones) {
    TimestampParser utc("UTC");
    EXPECT_EQ(parse_ok(utc, "01-02-2024 06:00:00"), parse_utc("2024-02-01T06:00:00Z"));
    TimestampParser zurich("Europe/Zurich");
    EXPECT_EQ(parse_ok(zurich, "2024-01-15 12:00:00"), parse_utc("2024-01-15T11:00:00Z"));
    EXPECT_EQ(parse_ok(zurich, "2024-07-15 12:00"), parse_utc("2024-07-15T10:00:00Z"));
    // 2024-10-27 02:30 happens twice in Zurich, 2024-03-31 02:30 never.
    EXPECT_EQ(parse_err(zurich, "2024-10-27 02:30:00"), TimeParseError::ambiguous_local);
    EXPECT_EQ(parse_err(zurich, "2024-03-31 02:30:00"), TimeParseError::nonexistent_local);
    EXPECT_EQ(parse_ok(zurich, "2024-10-27 03:30:00"), parse_utc("2024-10-27T02:30:00Z"));
    EXPECT_THROW(TimestampParser("Mars/Olympus"), InvalidInputError);
}

TEST(Time, Durations) {
    EXPECT_EQ(parse_duration("30min"), 30 * k_minute_ms);
    EXPECT_EQ(parse_duration("1h"), k_hour_ms);
    EXPECT_EQ(parse_duration("15s"), 15000);
    EXPECT_EQ(parse_duration("7d"), 7 * k_day_ms);
    EXPECT_EQ(format_duration(30 * k_minute_ms), "30min");
    EXPECT_EQ(format_duration(k_day_ms), "1d");
    EXPECT_THROW(parse_duration("soon"), InvalidInputError);
    EXPECT_THROW(parse_duration("5 parsecs"), InvalidInputError);
    // Found by fuzz/fuzz_timestamp: a 40-digit duration overflowed to a negative one.
    EXPECT_THROW(parse_duration("4444444444444444444444444444444444444444m"), InvalidInputError);
    EXPECT_EQ(parse_duration("3650000d"), 3650000 * k_day_ms);
}

// Found by fuzz/fuzz_timestamp: a 16-digit epoch was read as year 55970, which format_iso
// cannot write back; a 20-digit one overflowed. Times are years 0001..9999.
TEST(Time, OutOfRangeTimesAreRefused) {
    TimestampParser p("UTC");
    EXPECT_EQ(parse_err(p, "1704070407200000"), TimeParseError::out_of_range);
    EXPECT_EQ(parse_err(p, "99999999999999999999"), TimeParseError::out_of_range);
    EXPECT_EQ(parse_err(p, "-1e300"), TimeParseError::malformed);
    // Telemetry timestamps: years 1900..2199 (ingest); command-line and label times
    // (parse_utc): 0001..9999, what ISO 8601 writes with four digits.
    EXPECT_EQ(parse_err(p, "0001-01-01T00:00:00+01:00"), TimeParseError::out_of_range);
    EXPECT_EQ(parse_err(p, "0001-01-01T00:00:00Z"), TimeParseError::out_of_range);
    EXPECT_EQ(parse_err(p, "253402300799999"), TimeParseError::out_of_range);
    EXPECT_EQ(parse_ok(p, "1900-01-01T00:00:00Z"), k_min_timestamp);
    EXPECT_EQ(parse_ok(p, "2199-12-31T23:59:59.999Z"), k_max_timestamp - 1);
    EXPECT_EQ(parse_utc("0001-01-01T00:00:00Z"), -62135596800000);
    EXPECT_EQ(parse_utc("9999-12-31T23:59:59.999Z"), 253402300799999);
    EXPECT_EQ(parse_utc("253402300799999"), 253402300799999);
    EXPECT_THROW(parse_utc("1704070407200000"), InvalidInputError);
    try {
        parse_utc("10000000000000000000");
        ADD_FAILURE() << "no error";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("0001..9999"), std::string::npos) << e.what();
    }
}
