#include "io/long_chunk.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace heatloop;
using namespace heatloop::io;

TEST(LongChunk, PivotsUnionOfTimes) {
    LongChunk c;
    c.add(20, 1, 2.0, 2);
    c.add(10, 0, 1.0, 3);
    c.add(30, 0, 3.0, 4);
    c.add(10, 2, 9.0, 5);
    std::size_t merged = 0;
    UnitFrame f = c.take(
        "u", {"a", "b", "c"}, [](const Conflict&) { FAIL(); }, merged);
    EXPECT_EQ(f.time(), (std::vector<Timestamp>{10, 20, 30}));
    EXPECT_EQ(f.channel_names(), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(f.at("a").values[0], 1);
    EXPECT_TRUE(std::isnan(f.at("a").values[1]));
    EXPECT_EQ(f.at("b").values[1], 2);
    EXPECT_EQ(f.at("c").values[0], 9);
    EXPECT_EQ(c.rows(), 0u);
}

TEST(LongChunk, OnlyReportedChannelsAndDuplicates) {
    LongChunk c;
    c.add(10, 2, 1.0, 2);
    c.add(10, 2, 1.0, 3);        // identical
    c.add(10, 2, 4.0, 4);        // conflict with line 2
    c.add(20, 2, k_missing, 5);  // missing, then filled
    c.add(20, 2, 5.0, 6);
    std::vector<Conflict> conflicts;
    std::size_t merged = 0;
    UnitFrame f = c.take(
        "u", {"a", "b", "c"}, [&](const Conflict& x) { conflicts.push_back(x); }, merged);
    EXPECT_EQ(f.channel_names(), std::vector<std::string>{"c"});
    EXPECT_EQ(f.at("c").values, (std::vector<double>{1, 5}));
    EXPECT_EQ(merged, 2u);
    ASSERT_EQ(conflicts.size(), 1u);
    EXPECT_EQ(conflicts[0].line, 4);
    EXPECT_EQ(conflicts[0].first_line, 2);
    EXPECT_EQ(conflicts[0].channel, 2u);
}
