#include "heatloop/alarms/policy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"
#include "support/doc_params.hpp"

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
    EXPECT_EQ(error_of({{"method", "median"}}),
              "alarm policy: parameter method = 'median' is not valid (valid: fixed, quantile, "
              "contamination, k_sigma)");
    EXPECT_THROW(parse_method("median"), InvalidInputError);
    EXPECT_EQ(error_of({{"threshold", 1}}),
              "alarm policy: unknown parameter 'threshold' (valid: method, value, min_duration, "
              "merge_gap, dedupe_window)");
    EXPECT_THAT(error_of({{"merge_gap", "ten minutes"}}),
                HasSubstr("alarm policy: parameter merge_gap: duration 'ten minutes'"));
    EXPECT_EQ(error_of({{"min_duration", -5}}),
              "alarm policy: parameter min_duration = -5 is out of bounds a length of time "
              "(\"30s\", \"15min\", \"6h\") or integer ms; >= 0s");
    EXPECT_EQ(error_of({{"value", "high"}}),
              "alarm policy: parameter value expects number, got string \"high\"");
    EXPECT_EQ(error_of({{"method", 2}}),
              "alarm policy: parameter method expects string, got number 2");
    EXPECT_THAT(error_of(nlohmann::json::array()), HasSubstr("expected an object"));
    EXPECT_THROW(validate({ThresholdMethod::fixed, std::nan("")}), InvalidInputError);
}

TEST(AlarmPolicy, TableDefaultsAreThePolicyDefaults) {
    const nlohmann::json defaults = to_json(AlarmPolicy{});
    for (const ParamSpec& spec : policy_param_specs())
        EXPECT_EQ(spec.default_value, defaults.at(std::string(spec.name))) << spec.name;
    EXPECT_EQ(policy_param_specs().size(), defaults.size());
    // and every default passes the table
    EXPECT_EQ(resolve_params("alarm policy", policy_param_specs(), nullptr), defaults);
}

TEST(AlarmPolicy, DurationsAreTextOrIntegerMillisecondsNeverSteps) {
    const AlarmPolicy p =
        policy_from_json({{"min_duration", 900000}, {"merge_gap", "1h"}, {"dedupe_window", 0}});
    EXPECT_EQ(p.min_duration, 15 * k_minute_ms);
    EXPECT_EQ(p.merge_gap, k_hour_ms);
    EXPECT_EQ(p.dedupe_window, 0);
    // A policy has no grid to count steps on.
    EXPECT_THAT(error_of({{"merge_gap", "6 steps"}}),
                HasSubstr("alarm policy: parameter merge_gap: duration '6 steps'"));
    EXPECT_EQ(error_of({{"dedupe_window", 1.5}}),
              "alarm policy: parameter dedupe_window expects time span, got number 1.5");
}

TEST(AlarmPolicy, MethodRangesAreCheckedAfterTheTable) {
    // The table bounds no value: its range depends on the method.
    EXPECT_EQ(policy_from_json({{"method", "fixed"}, {"value", 1e9}}).value, 1e9);
    EXPECT_THAT(error_of({{"value", -0.1}}), HasSubstr("quantile must be in [0, 1], got -0.1"));
    EXPECT_THAT(error_of({{"method", "contamination"}, {"value", 1}}),
                HasSubstr("contamination must be in (0, 1), got 1"));
    EXPECT_THAT(error_of({{"method", "fixed"}}),
                HasSubstr("alarm policy: method 'fixed' needs a 'value'"));
}

// docs/evaluation.md holds the policy's table between <!-- params:alarms --> markers.
TEST(AlarmPolicy, DocsHoldTheGeneratedTable) {
    test_support::expect_doc_param_table("evaluation.md", "alarms", policy_param_specs());
}
