#include "io/timestamp_cache.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

using namespace heatloop;
using namespace heatloop::io;

namespace {
// Every text gives what the parser itself gives, value and error alike.
void expect_same(const TimestampParser& parser, const std::vector<std::string>& texts) {
    TimestampCache cache(parser);
    for (const std::string& s : texts) {
        TimeParseError e1{}, e2{};
        auto a = cache.parse(s, e1);
        auto b = parser.parse(s, e2);
        EXPECT_EQ(a, b) << s;
        EXPECT_EQ(e1, e2) << s;
    }
}
}  // namespace

TEST(TimestampCache, MatchesTheParserAcrossHoursAndOffsets) {
    TimestampParser utc;
    std::vector<std::string> texts;
    for (int m = 0; m < 200; m += 7)
        texts.push_back(fmt::format("2024-02-29T{:02}:{:02}:{:02}Z",
                                    23 + m / 60 - (m >= 60 ? 23 : 0), m % 60, m % 13));
    for (int m = 0; m < 130; m += 11) {
        texts.push_back(fmt::format("2024-03-31 01:{:02}:00+01:00", m % 60));
        texts.push_back(fmt::format("2024-03-31 01:{:02}:30+0100", m % 60));
    }
    texts.insert(texts.end(),
                 {"2024-01-01T05:07:00Z", "2024-01-01T05:60:00Z", "2024-01-01T05:07:61Z",
                  "2024-01-01T05:0x:00Z", "2024-01-01T05:08:00.500Z", "2024-01-01T05:08:00.750Z",
                  "2024-01-01T05:09:00z", "2024-01-01T05:09:00Z ", "2024-01-01T05:10:00Z ",
                  "1704085800", "2024-01-01T05:11:00-02:30", "2024-01-01T05:12:00-02:30", ""});
    expect_same(utc, texts);
}

TEST(TimestampCache, NaiveLocalTimesAlwaysGoThroughTheZone) {
    TimestampParser zurich("Europe/Zurich");
    std::vector<std::string> texts;
    // Through the fall-back hour: 02:xx happens twice and must be rejected every time.
    for (int h = 1; h <= 3; ++h)
        for (int m = 0; m < 60; m += 20)
            texts.push_back(fmt::format("2024-10-27 {:02}:{:02}:00", h, m));
    expect_same(zurich, texts);
    TimestampCache cache(zurich);
    TimeParseError e{};
    EXPECT_FALSE(cache.parse("2024-10-27 02:20:00", e).has_value());
    EXPECT_EQ(e, TimeParseError::ambiguous_local);
}
