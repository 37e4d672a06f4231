#include "heatloop/core/param.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using ::testing::HasSubstr;

namespace {

const std::vector<ParamSpec>& specs() {
    static const std::vector<ParamSpec> s = {
        {"n", ParamType::integer, 5, 1, 10, {}, "a count"},
        {"x", ParamType::number, 0.5, 0, 1, {}, "a share"},
        {"flag", ParamType::boolean, false, 0, 1, {}, "a switch"},
        {.name = "mode",
         .type = ParamType::string,
         .default_value = "a",
         .choices = {"a", "b"},
         .description = "a choice"},
        {"names", ParamType::string_list, {"p"}, 1, 2, {}, "some names"},
    };
    return s;
}

std::string error_of(const nlohmann::json& params) {
    try {
        resolve_params("m", specs(), params);
    } catch (const InvalidInputError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(Params, FillsDefaultsAndKeepsGivenValues) {
    const auto p = resolve_params("m", specs(), {{"x", 1}, {"mode", "b"}});
    EXPECT_EQ(
        p, (nlohmann::json{{"n", 5}, {"x", 1}, {"flag", false}, {"mode", "b"}, {"names", {"p"}}}));
    EXPECT_EQ(resolve_params("m", specs(), nullptr).size(), 5u);
}

TEST(Params, RejectsWithMessagesNamingModelParamAndLimits) {
    EXPECT_EQ(error_of({{"nn", 1}}), "m: unknown parameter 'nn' (valid: n, x, flag, mode, names)");
    EXPECT_EQ(error_of({{"n", 11}}), "m: parameter n = 11 is out of bounds [1, 10]");
    EXPECT_THAT(error_of({{"n", 2.5}}), HasSubstr("parameter n expects integer, got number 2.5"));
    EXPECT_THAT(error_of({{"x", -0.1}}), HasSubstr("out of bounds [0, 1]"));
    EXPECT_THAT(error_of({{"flag", 1}}), HasSubstr("expects boolean"));
    EXPECT_EQ(error_of({{"mode", "c"}}), "m: parameter mode = 'c' is not valid (valid: a, b)");
    EXPECT_THAT(error_of({{"names", {"a", "b", "c"}}}), HasSubstr("(element count) = 3"));
    EXPECT_THAT(error_of({{"names", {1}}}), HasSubstr("expects string list"));
    EXPECT_THAT(error_of(nlohmann::json::array()), HasSubstr("parameters must be an object"));
}

TEST(Params, DescribesBoundsForHelpAndDocs) {
    EXPECT_EQ(describe_bounds(specs()[0]), "[1, 10]");
    EXPECT_EQ(describe_bounds(specs()[2]), "");
    EXPECT_EQ(describe_bounds(specs()[3]), "one of: a, b");
    EXPECT_EQ(describe_bounds(specs()[4]), "length [1, 2]");
    const ParamSpec lower{
        .name = "y", .type = ParamType::number, .default_value = 1, .min = 0, .description = "y"};
    EXPECT_EQ(describe_bounds(lower), ">= 0");
    const std::string table = param_table_markdown(specs());
    EXPECT_THAT(table, HasSubstr("| `n` | integer | `5` | [1, 10] | a count |\n"));
    EXPECT_THAT(table,
                HasSubstr("| `names` | string list | `[\"p\"]` | length [1, 2] | some names |"));
}

namespace {

const std::vector<ParamSpec>& setting_specs() {
    static const std::vector<ParamSpec> s = {
        {"edges", ParamType::number_list, {-5, 5}, 0, 3, {}, "band edges"},
        {"gap", ParamType::time_span, "0s", 0, k_day_ms, {}, "a gap"},
        {.name = "wait",
         .type = ParamType::time_span,
         .default_value = "30min",
         .description = "a wait"},
    };
    return s;
}

std::string setting_error_of(const nlohmann::json& params) {
    try {
        resolve_params("s", setting_specs(), params);
    } catch (const InvalidInputError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(Params, NumberListsTakeFiniteNumbersWithBoundedCount) {
    EXPECT_EQ(resolve_params("s", setting_specs(), {{"edges", {1, 2.5}}})["edges"],
              (nlohmann::json{1, 2.5}));
    EXPECT_EQ(resolve_params("s", setting_specs(), {{"edges", nlohmann::json::array()}})["edges"],
              nlohmann::json::array());
    EXPECT_EQ(setting_error_of({{"edges", {1, "2"}}}),
              "s: parameter edges expects number list, got array [1,\"2\"]");
    EXPECT_EQ(setting_error_of({{"edges", 1}}),
              "s: parameter edges expects number list, got number 1");
    EXPECT_EQ(setting_error_of({{"edges", {1, 2, 3, 4}}}),
              "s: parameter edges (element count) = 4 is out of bounds length [0, 3]");
    EXPECT_EQ(describe_bounds(setting_specs()[0]), "length [0, 3]");
}

TEST(Params, TimeSpansTakeTextOrIntegerMillisecondsButNoSteps) {
    const auto p = resolve_params("s", setting_specs(), {{"gap", 600000}, {"wait", "2h"}});
    EXPECT_EQ(p["gap"], 600000);  // kept as given; time_span_ms reads either form
    EXPECT_EQ(time_span_ms(p["gap"]), 10 * k_minute_ms);
    EXPECT_EQ(time_span_ms(p["wait"]), 2 * k_hour_ms);
    EXPECT_EQ(setting_error_of({{"gap", -5}}),
              "s: parameter gap = -5 is out of bounds a length of time (\"30s\", \"15min\", "
              "\"6h\") or integer ms; [0s, 1d]");
    EXPECT_THAT(setting_error_of({{"gap", "2d"}}), HasSubstr("gap = \"2d\" is out of bounds"));
    EXPECT_THAT(setting_error_of({{"wait", "60 steps"}}),
                HasSubstr("s: parameter wait: duration '60 steps': expected a number and a unit"));
    EXPECT_EQ(setting_error_of({{"wait", 1.5}}),
              "s: parameter wait expects time span, got number 1.5");
    EXPECT_EQ(describe_bounds(setting_specs()[2]),
              "a length of time (\"30s\", \"15min\", \"6h\") or integer ms; >= 0s");
    EXPECT_THROW(time_span_ms(true), InvalidInputError);
}

TEST(Params, EveryTypeHasAName) {
    EXPECT_EQ(param_type_name(ParamType::number_list), "number list");
    EXPECT_EQ(param_type_name(ParamType::time_span), "time span");
    EXPECT_EQ(param_type_name(ParamType::duration), "duration");
}

// Found by fuzz/fuzz_run_config: a step count of 20+ digits overflowed while being refused.
TEST(Params, DurationStepsRefuseLongNumbersWithoutOverflow) {
    EXPECT_EQ(DurationParam::parse("60 steps").steps, 60);
    EXPECT_EQ(DurationParam::parse("999999999999 steps").steps, 999999999999);
    EXPECT_THROW(DurationParam::parse("37777777777777777740 steps"), InvalidInputError);
    EXPECT_THROW(DurationParam::parse("RRR60 steps"), InvalidInputError);
}
