#include "heatloop/eval/options.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::eval;
using ::testing::HasSubstr;

namespace {
std::string error_of(const nlohmann::json& j) {
    try {
        options_from_json(j);
    } catch (const InvalidInputError& e) {
        return e.what();
    }
    return "no error";
}
}  // namespace

TEST(EvalOptions, DefaultsFollowTheDesign) {
    EvalOptions o;
    EXPECT_DOUBLE_EQ(o.confidence_floor, 0.5);
    EXPECT_EQ(o.deadline, 6 * k_hour_ms);
    EXPECT_EQ(options_from_json(nlohmann::json::object()), o);
}

TEST(EvalOptions, JsonRoundTrip) {
    EvalOptions o{
        0.7, 30 * k_minute_ms, 2 * k_hour_ms, {0.25, Bias::front, Cardinality::one}, {0.0, 10.0}};
    const nlohmann::json j = to_json(o);
    EXPECT_EQ(j["tolerance"], "30min");
    EXPECT_EQ(j["range"]["bias"], "front");
    EXPECT_EQ(j["range"]["cardinality"], "one");
    EXPECT_EQ(options_from_json(j), o);
}

TEST(EvalOptions, BadSettingsAreNamed) {
    EXPECT_THAT(error_of({{"confidence_floor", 1.5}}),
                HasSubstr("confidence_floor must be in [0, 1], got 1.5"));
    EXPECT_THAT(error_of({{"deadline", -1}}), HasSubstr("deadline must not be negative"));
    EXPECT_THAT(error_of({{"range", {{"bias", "left"}}}}),
                HasSubstr("unknown positional bias 'left' (valid: flat, front, back, middle)"));
    EXPECT_THAT(error_of({{"range", {{"alpha", 2}}}}), HasSubstr("alpha must be in [0, 1]"));
    EXPECT_THAT(error_of({{"range", {{"gamma", 2}}}}), HasSubstr("unknown key 'gamma'"));
    EXPECT_THAT(error_of({{"temperature_edges", {5, 0}}}), HasSubstr("increasing"));
    EXPECT_THAT(error_of({{"floor", 0.5}}),
                HasSubstr("unknown key 'floor' (valid: confidence_floor, tolerance"));
    EXPECT_THAT(error_of({{"tolerance", "soon"}}), HasSubstr("soon"));
}
