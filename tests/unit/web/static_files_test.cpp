#include "heatloop/web/static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace heatloop::web {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/heatloop-static-XXXXXX";
        base_ = mkdtemp(tmpl);
        root_ = base_ / "web";
        fs::create_directories(root_ / "assets");
        std::ofstream(root_ / "index.html") << "<html>";
        std::ofstream(root_ / "assets" / "app.js") << "js";
        std::ofstream(base_ / "secret.txt") << "secret";
        fs::create_symlink(base_ / "secret.txt", root_ / "assets" / "link.txt");
    }
    void TearDown() override { fs::remove_all(base_); }
    fs::path base_, root_;
};

TEST_F(StaticFilesTest, ServesFilesUnderTheRoot) {
    const fs::path root = fs::canonical(root_);
    EXPECT_EQ(resolve_static_path(root_, "/"), root / "index.html");
    EXPECT_EQ(resolve_static_path(root_, ""), root / "index.html");
    EXPECT_EQ(resolve_static_path(root_, "/assets/app.js"), root / "assets" / "app.js");
    EXPECT_EQ(resolve_static_path(root_, "/assets//app.js"), root / "assets" / "app.js");
    EXPECT_EQ(resolve_static_path(root_, "/%61ssets/app.js"), root / "assets" / "app.js");
    // Existence is the caller's business.
    EXPECT_EQ(resolve_static_path(root_, "/units/u1"), root / "units" / "u1");
}

TEST_F(StaticFilesTest, NoPathLeavesTheRoot) {
    for (const char* p : {
             "/../secret.txt",
             "/assets/../../secret.txt",
             "/..",
             "/./index.html",
             "/%2e%2e/secret.txt",
             "/%2E%2E/secret.txt",
             "/assets/%2e%2e/%2e%2e/secret.txt",
             "/%252e%252e/secret.txt",
             "/%25252e%25252e/secret.txt",
             "/..%2fsecret.txt",
             "/..%2Fsecret.txt",
             "/assets/..%5c..%5csecret.txt",
             "/..\\secret.txt",
             "/assets/link.txt",  // a symlink pointing outside
             "/index.html%00.js",
             "/%zz",
             "/%2",
         })
        EXPECT_FALSE(resolve_static_path(root_, p).has_value()) << p;
}

TEST(PercentDecode, DecodesEscapesOnly) {
    EXPECT_EQ(percent_decode("a%20b+c"), "a b+c");
    EXPECT_EQ(percent_decode("%2F"), "/");
    EXPECT_FALSE(percent_decode("%").has_value());
    EXPECT_FALSE(percent_decode("%4").has_value());
    EXPECT_FALSE(percent_decode("%g0").has_value());
}

TEST(ContentType, ByExtension) {
    EXPECT_EQ(content_type_for("a/index.html"), "text/html; charset=utf-8");
    EXPECT_EQ(content_type_for("app.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(content_type_for("x.css"), "text/css; charset=utf-8");
    EXPECT_EQ(content_type_for("x.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace heatloop::web
