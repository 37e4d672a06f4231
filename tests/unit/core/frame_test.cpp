#include "heatloop/core/frame.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/core/unit.hpp"

using namespace heatloop;

TEST(Frame, GridSliceAndChannels) {
    UnitFrame f("u1");
    f.set_grid(1000, 10, 5);  // 1000, 1010, ..., 1040
    auto& a = f.get_or_add("a");
    a.values = {1, 2, k_missing, 4, 5};
    f.gaps().push_back({1020, 1030, "a"});
    EXPECT_EQ(f.lower_bound(1015), 2u);
    EXPECT_EQ(f.lower_bound(2000), 5u);
    UnitFrame s = f.slice_time(1010, 1040);
    ASSERT_EQ(s.rows(), 3u);
    EXPECT_EQ(s.time().front(), 1010);
    EXPECT_EQ(s.at("a").values[0], 2);
    ASSERT_EQ(s.gaps().size(), 1u);
    EXPECT_EQ(count_present(f.at("a").values), 4u);
    EXPECT_THROW(f.at("b"), NotFoundError);
    EXPECT_TRUE(f.remove("a"));
    EXPECT_TRUE(f.gaps().empty());
}

TEST(Frame, AttributesComeWithASlice) {
    UnitFrame f("u1");
    f.set_grid(0, 10, 4);
    EXPECT_TRUE(f.attributes().empty());
    f.attributes() = unit_attributes(
        {.unit_id = "u1", .type = "GSHP", .location = "loc-1", .extra = {{"emitter", "floor"}}});
    const std::map<std::string, std::string> want{
        {"type", "GSHP"}, {"location", "loc-1"}, {"emitter", "floor"}};
    EXPECT_EQ(f.attributes(), want);
    EXPECT_EQ(f.slice(1, 3).attributes(), want);
}
