#include "heatloop/models/registry.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "heatloop/core/error.hpp"
#include "support/doc_params.hpp"

using namespace heatloop;
using namespace heatloop::models;
using ::testing::HasSubstr;

TEST(Registry, NamesAreUniqueAndFindable) {
    std::set<std::string_view> seen;
    for (const auto& m : registered_models()) {
        EXPECT_TRUE(seen.insert(m.name).second) << m.name;
        EXPECT_EQ(&find_model(m.name), &m);
        EXPECT_EQ(m.create()->kind(), m.kind) << m.name;
    }
    EXPECT_GE(model_names(ModelKind::detector).size(), 5u);
    EXPECT_GE(model_names(ModelKind::forecaster).size(), 1u);
}

TEST(Registry, UnknownNameListsTheValidOnes) {
    try {
        make_detector("isolation_forrest");
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("unknown model 'isolation_forrest' (valid: "));
        for (auto name : model_names()) EXPECT_THAT(e.what(), HasSubstr(name));
    }
    EXPECT_THROW(load_detector({{"model", "nope"}}), InvalidInputError);
    EXPECT_THROW(load_detector(nlohmann::json::array()), InvalidInputError);
}

TEST(Registry, TypedLookUpsSayWhenANameIsOfAnotherKind) {
    try {
        make_detector("seasonal_naive");
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("'seasonal_naive' is a forecaster, not a detector"));
    }
    EXPECT_THROW(make_forecaster("isolation_forest"), InvalidInputError);
    EXPECT_THROW(find_detector("seasonal_naive"), InvalidInputError);
    EXPECT_EQ(make_forecaster("seasonal_naive", {{"horizon", 3}})->horizon(), 3u);
    EXPECT_EQ(parse_kind("forecaster"), ModelKind::forecaster);
    EXPECT_THROW(parse_kind("regressor"), InvalidInputError);
    for (ModelKind k : model_kinds()) EXPECT_EQ(parse_kind(kind_name(k)), k);
}

TEST(Registry, DefaultsSatisfyTheirOwnSpecs) {
    for (const auto& d : registered_models()) {
        SCOPED_TRACE(d.name);
        std::set<std::string_view> names;
        for (const auto& spec : d.params()) {
            EXPECT_TRUE(names.insert(spec.name).second) << "duplicate " << spec.name;
            EXPECT_FALSE(spec.description.empty()) << spec.name;
            // Each default alone passes validation.
            EXPECT_NO_THROW(
                resolve_params(d.name, d.params(), {{std::string(spec.name), spec.default_value}}));
        }
        EXPECT_NO_THROW(make_model(d.name));
    }
}

TEST(Registry, MakeDetectorAppliesParams) {
    auto d = make_detector("isolation_forest", {{"n_trees", 7}});
    EXPECT_EQ(d->params().at("n_trees"), 7);
    EXPECT_THROW(make_detector("isolation_forest", {{"n_trees", 0}}), InvalidInputError);
}

// docs/models.md holds each model's table between <!-- params:NAME --> markers, exactly as
// param_table_markdown() writes it. HEATLOOP_UPDATE_DOCS=1 rewrites them.
TEST(Registry, DocsHoldTheGeneratedParamTables) {
    for (const auto& d : registered_models())
        test_support::expect_doc_param_table("models.md", std::string(d.name), d.params());
}

// A model the build leaves out (self_supervised, lstm and bilstm_attention without libtorch)
// is not "unknown": the registry says why it is missing. With libtorch they are registered like
// any other.
TEST(Registry, AModelTheBuildLeavesOutSaysWhy) {
    const auto names = model_names();
    EXPECT_FALSE(unavailable_model("isolation_forest").has_value());
    EXPECT_FALSE(unavailable_model("no_such_model").has_value());
    for (const char* neural : {"self_supervised", "lstm", "bilstm_attention"}) {
        const bool registered = std::find(names.begin(), names.end(), neural) != names.end();
        EXPECT_EQ(unavailable_model(neural).has_value(), !registered) << neural;
        if (registered) continue;
        try {
            find_model(neural);
            FAIL() << "expected InvalidInputError";
        } catch (const InvalidInputError& e) {
            EXPECT_THAT(e.what(), HasSubstr(fmt::format("model '{}' is not available", neural)));
            EXPECT_THAT(e.what(), HasSubstr("libtorch"));
            EXPECT_THAT(e.what(), HasSubstr("HEATLOOP_WITH_TORCH"));
        }
    }
}
