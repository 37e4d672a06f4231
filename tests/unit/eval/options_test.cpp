#include "heatloop/eval/options.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"
#include "support/doc_params.hpp"

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
    EXPECT_EQ(error_of({{"confidence_floor", 1.5}}),
              "evaluation options: parameter confidence_floor = 1.5 is out of bounds [0, 1]");
    EXPECT_THAT(error_of({{"deadline", -1}}),
                HasSubstr("evaluation options: parameter deadline = -1 is out of bounds"));
    EXPECT_EQ(error_of({{"range", {{"bias", "left"}}}}),
              "evaluation options: parameter range.bias = 'left' is not valid (valid: flat, "
              "front, back, middle)");
    EXPECT_EQ(error_of({{"range", {{"alpha", 2}}}}),
              "evaluation options: parameter range.alpha = 2 is out of bounds [0, 1]");
    EXPECT_THAT(error_of({{"range", {{"gamma", 2}}}}),
                HasSubstr("unknown parameter 'range.gamma' (valid: confidence_floor, tolerance, "
                          "deadline, range.alpha, range.bias, range.cardinality, "
                          "temperature_edges, categories)"));
    EXPECT_THAT(error_of({{"temperature_edges", {5, 0}}}), HasSubstr("increasing"));
    EXPECT_THAT(error_of({{"floor", 0.5}}),
                HasSubstr("unknown parameter 'floor' (valid: confidence_floor, tolerance"));
    EXPECT_THAT(error_of({{"tolerance", "soon"}}),
                HasSubstr("evaluation options: parameter tolerance: duration 'soon'"));
}

TEST(EvalOptions, TableDefaultsAreTheOptionDefaults) {
    // The table names range settings "range.alpha"; the JSON nests them.
    const nlohmann::json defaults = to_json(EvalOptions{});
    for (const ParamSpec& spec : option_param_specs()) {
        std::string pointer = "/";
        pointer += spec.name;
        std::replace(pointer.begin(), pointer.end(), '.', '/');
        EXPECT_EQ(spec.default_value, defaults.at(nlohmann::json::json_pointer(pointer)))
            << spec.name;
    }
    EXPECT_EQ(option_param_specs().size(), defaults.flatten().size() - 2);  // edges: 3 entries
    EXPECT_EQ(options_from_json(nlohmann::json::object()), EvalOptions{});
}

TEST(EvalOptions, TypesAndShapesAreChecked) {
    const EvalOptions o = options_from_json(
        {{"tolerance", 3600000}, {"deadline", "2h"}, {"temperature_edges", {0, 7.5}}});
    EXPECT_EQ(o.tolerance, k_hour_ms);
    EXPECT_EQ(o.deadline, 2 * k_hour_ms);
    EXPECT_EQ(o.temperature_edges, (std::vector<double>{0.0, 7.5}));
    EXPECT_TRUE(options_from_json({{"temperature_edges", nlohmann::json::array()}})
                    .temperature_edges.empty());
    EXPECT_EQ(error_of({{"temperature_edges", "cold"}}),
              "evaluation options: parameter temperature_edges expects number list, got string "
              "\"cold\"");
    EXPECT_EQ(error_of({{"confidence_floor", "high"}}),
              "evaluation options: parameter confidence_floor expects number, got string \"high\"");
    EXPECT_THAT(error_of({{"range", 0.5}}),
                HasSubstr("range must be an object of alpha, bias, cardinality, got 0.5"));
    EXPECT_THAT(error_of({{"range.alpha", 0.5}}),
                HasSubstr("key 'range.alpha': write range settings nested"));
    EXPECT_THAT(error_of({{"deadline", "3 steps"}}), HasSubstr("parameter deadline: duration"));
    EXPECT_THAT(error_of(nlohmann::json::array()), HasSubstr("expected an object"));
}

// docs/evaluation.md holds the options' table between <!-- params:evaluation --> markers.
TEST(EvalOptions, DocsHoldTheGeneratedTable) {
    test_support::expect_doc_param_table("evaluation.md", "evaluation", option_param_specs());
}
