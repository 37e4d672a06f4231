#include "io/problem_log.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::io;

namespace {
std::string finish_error(ProblemLog& log) {
    ReadSummary s;
    try {
        log.finish(s);
    } catch (const InvalidInputError& e) {
        return e.what();
    }
    return {};
}
}  // namespace

TEST(ProblemLog, FailCollectsAndThrowsOnce) {
    ProblemLog log("f.csv", OnError::fail);
    EXPECT_FALSE(log.failed());
    EXPECT_EQ(finish_error(log), "");
    log.add(2, 3, [] { return std::string("bad"); });
    EXPECT_TRUE(log.failed());
    EXPECT_EQ(finish_error(log), "f.csv:2:3: bad") << "a single problem is the whole message";
    log.add(4, 0, [] { return std::string("worse"); });
    EXPECT_EQ(finish_error(log),
              "f.csv: 2 problems, nothing read:\n  f.csv:2:3: bad\n  f.csv:4: worse");
}

TEST(ProblemLog, ReasonsBuiltOnlyWhileKept) {
    ProblemLog log("f.csv", OnError::fail);
    int built = 0;
    for (int i = 0; i < 500; ++i) log.add(i, 1, [&] { return std::to_string(++built); });
    EXPECT_EQ(built, static_cast<int>(ProblemLog::k_shown));
    EXPECT_EQ(log.count(), 500u);
    EXPECT_NE(finish_error(log).find("... and 450 more"), std::string::npos);
}

TEST(ProblemLog, SkipKeepsAThousandAndCountsAll) {
    ProblemLog log("f.csv", OnError::skip);
    for (int i = 0; i < 1500; ++i) log.add(i + 2, 1, [] { return std::string("x"); });
    EXPECT_FALSE(log.failed());
    ReadSummary s;
    EXPECT_NO_THROW(log.finish(s));
    EXPECT_EQ(s.skipped.size(), k_max_skipped_kept);
    EXPECT_EQ(s.skipped_count, 1500u);
    EXPECT_EQ(s.skipped.front().str(), "f.csv:2:1: x");
}

TEST(ProblemLog, MergeKeepsTheFirstOverall) {
    ProblemLog a("f.csv", OnError::fail), b("f.csv", OnError::fail), c("f.csv", OnError::fail);
    for (int i = 0; i < 30; ++i) a.add(i, 1, [&] { return fmt::format("a{}", i); });
    for (int i = 0; i < 60; ++i) b.add(100 + i, 1, [&] { return fmt::format("b{}", i); });
    c.add(500, 2, [] { return std::string("c"); });
    a.merge(std::move(b));
    a.merge(std::move(c));
    EXPECT_EQ(a.count(), 91u);
    std::string err = finish_error(a);
    EXPECT_NE(err.find("f.csv:29:1: a29\n  f.csv:100:1: b0"), std::string::npos);
    EXPECT_NE(err.find("f.csv:119:1: b19\n  ... and 41 more"), std::string::npos) << err;
}

TEST(ProblemLog, QuoteFieldShortensLongFields) {
    EXPECT_EQ(quote_field("abc"), "'abc'");
    EXPECT_EQ(quote_field(std::string(100, 'x')),
              fmt::format("'{}...' (100 bytes)", std::string(40, 'x')));
    EXPECT_EQ(quote_field("a\xC2\xAD"), "'a<U+00AD>'");  // invisible characters shown
}
