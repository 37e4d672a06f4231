#include "heatloop/alarms/alarm_event.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::alarms;

TEST(AlarmEvent, JsonRoundTrip) {
    const Timestamp t0 = parse_utc("2024-01-01T06:00:00Z");
    AlarmEvent e{"u1", t0, t0 + 3 * k_minute_ms, 4.5, t0 + k_minute_ms};
    nlohmann::json j = to_json(e);
    EXPECT_EQ(j["start"], "2024-01-01T06:00:00Z");
    EXPECT_EQ(j["peak_time"], "2024-01-01T06:01:00Z");
    EXPECT_EQ(alarm_from_json(j), e);
    j["start"] = t0;  // epoch ms is accepted too
    EXPECT_EQ(alarm_from_json(j), e);
}

TEST(AlarmEvent, BadJsonIsRejected) {
    EXPECT_THROW(alarm_from_json(nlohmann::json::parse(R"({"start": 0, "end": 1})")),
                 InvalidInputError);
    EXPECT_THROW(alarm_from_json(nlohmann::json::parse(
                     R"({"unit_id": "u", "start": 5, "end": 5, "peak_score": 1})")),
                 InvalidInputError);
    EXPECT_THROW(alarm_from_json(nlohmann::json::parse(
                     R"({"unit_id": "u", "start": 0, "end": 5, "peak_score": "x"})")),
                 InvalidInputError);
}
