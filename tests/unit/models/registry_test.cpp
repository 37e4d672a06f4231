#include "heatloop/models/registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::models;
using ::testing::HasSubstr;

TEST(Registry, NamesAreUniqueAndFindable) {
    std::set<std::string_view> seen;
    for (const auto& d : detectors()) {
        EXPECT_TRUE(seen.insert(d.name).second) << d.name;
        EXPECT_EQ(&find_detector(d.name), &d);
    }
    EXPECT_GE(seen.size(), 5u);
}

TEST(Registry, UnknownNameListsTheValidOnes) {
    try {
        make_detector("isolation_forrest");
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("unknown detector 'isolation_forrest' (valid: "));
        for (auto name : detector_names()) EXPECT_THAT(e.what(), HasSubstr(name));
    }
    EXPECT_THROW(load_detector({{"model", "nope"}}), InvalidInputError);
    EXPECT_THROW(load_detector(nlohmann::json::array()), InvalidInputError);
}

TEST(Registry, DefaultsSatisfyTheirOwnSpecs) {
    for (const auto& d : detectors()) {
        SCOPED_TRACE(d.name);
        std::set<std::string_view> names;
        for (const auto& spec : d.params()) {
            EXPECT_TRUE(names.insert(spec.name).second) << "duplicate " << spec.name;
            EXPECT_FALSE(spec.description.empty()) << spec.name;
            // Each default alone passes validation.
            EXPECT_NO_THROW(
                resolve_params(d.name, d.params(), {{std::string(spec.name), spec.default_value}}));
        }
        EXPECT_NO_THROW(make_detector(d.name));
    }
}

TEST(Registry, MakeDetectorAppliesParams) {
    auto d = make_detector("isolation_forest", {{"n_trees", 7}});
    EXPECT_EQ(d->params().at("n_trees"), 7);
    EXPECT_THROW(make_detector("isolation_forest", {{"n_trees", 0}}), InvalidInputError);
}

// docs/models.md holds each detector's table between <!-- params:NAME --> markers, exactly as
// param_table_markdown() writes it. HEATLOOP_UPDATE_DOCS=1 rewrites them.
TEST(Registry, DocsHoldTheGeneratedParamTables) {
    const std::filesystem::path path =
        std::filesystem::path(HEATLOOP_SOURCE_DIR) / "docs" / "models.md";
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    std::stringstream buf;
    buf << in.rdbuf();
    std::string doc = buf.str();
    const bool update = std::getenv("HEATLOOP_UPDATE_DOCS") != nullptr;
    for (const auto& d : detectors()) {
        const std::string open = "<!-- params:" + std::string(d.name) + " -->\n";
        const std::string close = "<!-- /params:" + std::string(d.name) + " -->";
        const auto a = doc.find(open), b = doc.find(close);
        ASSERT_NE(a, std::string::npos) << "docs/models.md lacks " << open;
        ASSERT_NE(b, std::string::npos) << "docs/models.md lacks " << close;
        const std::string want = param_table_markdown(d.params());
        const std::string have = doc.substr(a + open.size(), b - a - open.size());
        if (update)
            doc.replace(a + open.size(), b - a - open.size(), want);
        else
            EXPECT_EQ(have, want) << d.name << ": run the test with HEATLOOP_UPDATE_DOCS=1";
    }
    if (update) std::ofstream(path) << doc;
}
