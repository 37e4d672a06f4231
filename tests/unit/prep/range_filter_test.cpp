#include "heatloop/prep/range_filter.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::prep;

namespace {
constexpr double N = k_missing;
constexpr double inf = std::numeric_limits<double>::infinity();

UnitFrame frame_of(std::vector<std::pair<std::string, std::vector<double>>> channels) {
    UnitFrame f("u1");
    f.set_grid(0, k_minute_ms, channels.front().second.size());
    for (auto& [name, values] : channels) f.get_or_add(name).values = std::move(values);
    return f;
}
}  // namespace

TEST(RangeFilter, StandardRangesAreInclusiveAndRemoveInfinities) {
    // t_supply: -10 .. 95 degC.
    UnitFrame f = frame_of({{"t_supply", {20, 96, -10, inf, N, -11, 95}}, {"vendor_x", {1e9, 2}}});
    f.at("vendor_x");
    ChannelCounts counts = remove_out_of_range(f);
    EXPECT_EQ(counts, (ChannelCounts{{"t_supply", 3}}));  // vendor_x has no range: not checked
    const auto& v = f.at("t_supply").values;
    EXPECT_EQ(v[0], 20);
    EXPECT_TRUE(std::isnan(v[1]));
    EXPECT_EQ(v[2], -10);
    EXPECT_TRUE(std::isnan(v[3]));
    EXPECT_TRUE(std::isnan(v[4]));
    EXPECT_TRUE(std::isnan(v[5]));
    EXPECT_EQ(v[6], 95);
    EXPECT_EQ(f.at("vendor_x").values[0], 1e9);
}

TEST(RangeFilter, OverridesReplaceAndAddRanges) {
    UnitFrame f = frame_of({{"t_supply", {20, 60, -5}}, {"vendor_x", {0.5, 2, 1}}});
    RangeOptions o;
    o.ranges["t_supply"] = {0, 50};
    o.ranges["vendor_x"] = {0, 1};
    EXPECT_EQ(remove_out_of_range(f, o), (ChannelCounts{{"t_supply", 2}, {"vendor_x", 1}}));
    EXPECT_EQ(f.at("t_supply").values[0], 20);
    EXPECT_EQ(f.at("vendor_x").values[2], 1);
    EXPECT_EQ(range_for("t_outdoor", {}), (ValueRange{-50, 50}));
    EXPECT_EQ(range_for("t_supply", o), (ValueRange{0, 50}));
    EXPECT_FALSE(range_for("unknown", {}).has_value());
}

TEST(RangeFilter, RejectsInvertedOverride) {
    UnitFrame f = frame_of({{"a", {1}}});
    RangeOptions o;
    o.ranges["a"] = {5, 1};
    try {
        remove_out_of_range(f, o);
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), testing::HasSubstr("channel a"));
        EXPECT_THAT(e.what(), testing::HasSubstr("min 5 max 1"));
    }
}
