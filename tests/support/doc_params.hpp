#pragma once
// Generated parameter tables in docs/: the text between "<!-- params:NAME -->\n" and
// "<!-- /params:NAME -->" must be exactly what param_table_markdown() writes for NAME.
// HEATLOOP_UPDATE_DOCS=1 rewrites it instead of failing. Tests that use this are compiled
// with HEATLOOP_SOURCE_DIR (CMakeLists.txt).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <span>
#include <sstream>
#include <string>

#include "heatloop/core/param.hpp"

namespace heatloop::test_support {

/// Checks (or rewrites) the table `name` in docs/`doc` against `specs`.
inline void expect_doc_param_table(const std::string& doc, const std::string& name,
                                   std::span<const ParamSpec> specs) {
    const std::filesystem::path path = std::filesystem::path(HEATLOOP_SOURCE_DIR) / "docs" / doc;
    std::string text;
    {
        std::ifstream in(path);
        ASSERT_TRUE(in) << path;
        std::stringstream buf;
        buf << in.rdbuf();
        text = buf.str();
    }
    const std::string open = "<!-- params:" + name + " -->\n";
    const std::string close = "<!-- /params:" + name + " -->";
    const auto a = text.find(open), b = text.find(close);
    ASSERT_NE(a, std::string::npos) << "docs/" << doc << " lacks " << open;
    ASSERT_NE(b, std::string::npos) << "docs/" << doc << " lacks " << close;
    ASSERT_LT(a, b) << "docs/" << doc << ": " << close << " before " << open;
    const std::string want = param_table_markdown(specs);
    const std::size_t from = a + open.size();
    if (std::getenv("HEATLOOP_UPDATE_DOCS") != nullptr) {
        text.replace(from, b - from, want);
        std::ofstream(path) << text;
        return;
    }
    EXPECT_EQ(text.substr(from, b - from), want)
        << "docs/" << doc << " " << name << ": run the test with HEATLOOP_UPDATE_DOCS=1";
}

}  // namespace heatloop::test_support
