#include "heatloop/alarms/policy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::alarms;
using ::testing::HasSubstr;

namespace {
std::string error_of(const nlohmann::json& j) {
    try {
        policy_from_json(j);
    } catch (const InvalidInputError& e) {
        return e.what();
    }
    return "no error";
}
}  // namespace

TEST(AlarmPolicy, DefaultsFollowThePaper) {
    AlarmPolicy p;
    EXPECT_EQ(p.dedupe_window, 30 * k_minute_ms);
    EXPECT_EQ(policy_from_json(nlohmann::json::object()), p);
}

TEST(AlarmPolicy, JsonRoundTrip) {
    AlarmPolicy p{ThresholdMethod::contamination, 0.05, 5 * k_minute_ms, 10 * k_minute_ms,
                  k_hour_ms};
    nlohmann::json j = to_json(p);
    EXPECT_EQ(j["method"], "contamination");
    EXPECT_EQ(j["min_duration"], "5min");
    EXPECT_EQ(j["merge_gap"], "10min");
    EXPECT_EQ(j["dedupe_window"], "1h");
    EXPECT_EQ(policy_from_json(j), p);
    // Durations may also be integer milliseconds.
    j["merge_gap"] = 600000;
    EXPECT_EQ(policy_from_json(j).merge_gap, 10 * k_minute_ms);
}

TEST(AlarmPolicy, EveryMethodParses) {
    for (auto name : {"fixed", "quantile", "contamination", "k_sigma"})
        EXPECT_EQ(method_name(parse_method(name)), name);
    EXPECT_EQ(policy_from_json({{"method", "k_sigma"}, {"value", 3}}).value, 3.0);
    EXPECT_EQ(policy_from_json({{"method", "fixed"}, {"value", -2.5}}).value, -2.5);
}

TEST(AlarmPolicy, BadSettingsNameTheSettingAndValue) {
    EXPECT_THAT(error_of({{"method", "quantile"}, {"value", 1.5}}),
                HasSubstr("quantile must be in [0, 1], got 1.5"));
    EXPECT_THAT(error_of({{"method", "contamination"}, {"value", 0}}),
                HasSubstr("contamination must be in (0, 1), got 0"));
    EXPECT_THAT(error_of({{"method", "contamination"}}), HasSubstr("needs a 'value'"));
    EXPECT_THAT(error_of({{"method", "median"}}),
                HasSubstr("unknown threshold method 'median' (valid: fixed, quantile"));
    EXPECT_THAT(error_of({{"threshold", 1}}),
                HasSubstr("unknown key 'threshold' (valid: method, value, min_duration"));
    EXPECT_THAT(error_of({{"merge_gap", "ten minutes"}}), HasSubstr("merge_gap"));
    EXPECT_THAT(error_of({{"min_duration", -5}}),
                HasSubstr("min_duration must not be negative, got -5 ms"));
    EXPECT_THAT(error_of({{"value", "high"}}), HasSubstr("value must be a number"));
    EXPECT_THAT(error_of(nlohmann::json::array()), HasSubstr("expected an object"));
    EXPECT_THROW(validate({ThresholdMethod::fixed, std::nan("")}), InvalidInputError);
}
