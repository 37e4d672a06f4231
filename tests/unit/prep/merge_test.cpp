#include "heatloop/prep/merge.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::prep;

namespace {

constexpr double N = k_missing;
constexpr Duration m = k_minute_ms;

UnitFrame grid_frame(Timestamp start, size_t rows,
                     std::vector<std::pair<std::string, std::vector<double>>> channels,
                     std::vector<GapSpan> gaps = {}) {
    UnitFrame f("u1");
    f.set_grid(start, m, rows);
    for (auto& [name, values] : channels) f.get_or_add(name).values = std::move(values);
    f.gaps() = std::move(gaps);
    return f;
}

void expect_values(const std::vector<double>& got, const std::vector<double>& want) {
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        if (std::isnan(want[i]))
            EXPECT_TRUE(std::isnan(got[i])) << "cell " << i << " is " << got[i];
        else
            EXPECT_EQ(got[i], want[i]) << "cell " << i;
    }
}

}  // namespace

TEST(Merge, UpdateWinsWhereItHasValuesAndGapsAreWhereNeitherHadData) {
    // base: minutes 0-3. b[1] was removed as an outlier (missing, no gap); b[2] is a gap.
    UnitFrame base =
        grid_frame(0, 4, {{"a", {1, 2, 3, 4}}, {"b", {10, N, N, 40}}}, {{2 * m, 3 * m, "b"}});
    // update: minutes 2-5. a[3 min] removed (no gap); a[4 min] a gap; c is a new channel.
    UnitFrame update =
        grid_frame(2 * m, 4, {{"a", {20, N, N, 50}}, {"c", {7, 7, 7, 7}}}, {{4 * m, 5 * m, "a"}});
    merge_onto(base, update);
    ASSERT_EQ(base.rows(), 6u);
    EXPECT_EQ(base.time().front(), 0);
    EXPECT_EQ(base.step(), m);
    EXPECT_EQ(base.channel_names(), (std::vector<std::string>{"a", "b", "c"}));
    expect_values(base.at("a").values, {1, 2, 20, 4, N, 50});  // 20 beats 3; 4 survives NaN
    expect_values(base.at("b").values, {10, N, N, 40, N, N});
    expect_values(base.at("c").values, {N, N, 7, 7, 7, 7});
    EXPECT_EQ(base.gaps(), (std::vector<GapSpan>{
                               {4 * m, 5 * m, "a"},
                               {2 * m, 3 * m, "b"},  // b[1] is missing but not a gap
                               {4 * m, 6 * m, "b"},  // update has no b
                               {0, 2 * m, "c"},      // base has no c
                           }));
}

TEST(Merge, DisjointSpansLeaveTheSeamAsAGap) {
    UnitFrame base = grid_frame(0, 2, {{"a", {1, 2}}});
    UnitFrame update = grid_frame(4 * m, 2, {{"a", {5, 6}}});
    merge_onto(base, update);
    expect_values(base.at("a").values, {1, 2, N, N, 5, 6});
    EXPECT_EQ(base.gaps(), (std::vector<GapSpan>{{2 * m, 4 * m, "a"}}));
    // Merging the other way round gives the same frame.
    UnitFrame later = grid_frame(4 * m, 2, {{"a", {5, 6}}});
    merge_onto(later, grid_frame(0, 2, {{"a", {1, 2}}}));
    expect_values(later.at("a").values, {1, 2, N, N, 5, 6});
    EXPECT_EQ(later.time().front(), 0);
}

TEST(Merge, WholeFrameGapsBecomePerChannelGaps) {
    UnitFrame base = grid_frame(0, 3, {{"a", {1, N, 3}}, {"b", {4, N, 6}}}, {{1 * m, 2 * m, ""}});
    merge_onto(base, grid_frame(0, 1, {{"a", {9}}}));
    expect_values(base.at("a").values, {9, N, 3});
    EXPECT_EQ(base.gaps(), (std::vector<GapSpan>{{1 * m, 2 * m, "a"}, {1 * m, 2 * m, "b"}}));
}

TEST(Merge, EmptyFramesContributeOnlyChannels) {
    UnitFrame base;  // nothing stored yet
    merge_onto(base, grid_frame(0, 2, {{"a", {1, 2}}}));
    EXPECT_EQ(base.unit_id(), "u1");
    expect_values(base.at("a").values, {1, 2});

    UnitFrame empty_update("u1");
    empty_update.get_or_add("z");
    merge_onto(base, empty_update);
    expect_values(base.at("z").values, {N, N});
    EXPECT_EQ(base.gaps(), (std::vector<GapSpan>{{0, 2 * m, "z"}}));
}

TEST(Merge, RejectsDifferentGridsAndUnits) {
    UnitFrame base = grid_frame(0, 2, {{"a", {1, 2}}});
    UnitFrame five("u1");
    five.set_grid(0, 5 * m, 2);
    try {
        merge_onto(base, five);
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), testing::HasSubstr("1min vs 5min"));
    }
    UnitFrame offset("u1");
    offset.set_grid(30'000, m, 2);
    EXPECT_THROW(merge_onto(base, offset), InvalidInputError);
    UnitFrame other = grid_frame(0, 2, {{"a", {1, 2}}});
    other.set_unit_id("u2");
    try {
        merge_onto(base, other);
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), testing::HasSubstr("u1 and u2"));
    }
    UnitFrame raw("u1");
    raw.set_time({0, 10});
    EXPECT_THROW(merge_onto(base, raw), InvalidInputError);
}
