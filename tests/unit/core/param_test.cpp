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
