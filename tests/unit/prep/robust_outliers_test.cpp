#include "heatloop/prep/robust_outliers.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::prep;

namespace {
constexpr double N = k_missing;

UnitFrame frame_of(std::vector<std::pair<std::string, std::vector<double>>> channels) {
    UnitFrame f("u1");
    f.set_grid(0, k_minute_ms, channels.front().second.size());
    for (auto& [name, values] : channels) f.get_or_add(name).values = std::move(values);
    return f;
}

std::vector<size_t> missing_at(const std::vector<double>& v) {
    std::vector<size_t> idx;
    for (size_t i = 0; i < v.size(); ++i)
        if (std::isnan(v[i])) idx.push_back(i);
    return idx;
}

// Median 12; deviations 2,1,0,1,2,88,0,1,1,0 -> MAD 1, so the cut is k * 1.4826.
const std::vector<double> k_series{10, 11, 12, 13, 14, 100, 12, 11, 13, 12};
}  // namespace

TEST(RobustOutliers, GlobalMedianAndMad) {
    UnitFrame f = frame_of({{"t_supply", k_series}});
    EXPECT_EQ(remove_robust_outliers(f), (ChannelCounts{{"t_supply", 1}}));  // 88 > 8.9
    EXPECT_EQ(missing_at(f.at("t_supply").values), (std::vector<size_t>{5}));

    UnitFrame g = frame_of({{"t_supply", k_series}});
    // k = 1: cut 1.4826 removes the deviations 2, 2 and 88.
    EXPECT_EQ(remove_robust_outliers(g, {.k = 1}), (ChannelCounts{{"t_supply", 3}}));
    EXPECT_EQ(missing_at(g.at("t_supply").values), (std::vector<size_t>{0, 4, 5}));
}

TEST(RobustOutliers, ZeroMadAndTooFewValuesRemoveNothing) {
    UnitFrame f = frame_of({{"a", {5, 5, 5, 5, 5, 5, 9, 5, 5, 5}}});
    EXPECT_EQ(remove_robust_outliers(f), (ChannelCounts{{"a", 0}}));
    EXPECT_EQ(f.at("a").values[6], 9);

    UnitFrame g = frame_of({{"a", k_series}});
    EXPECT_EQ(remove_robust_outliers(g, {.min_samples = 11}), (ChannelCounts{{"a", 0}}));
    EXPECT_EQ(g.at("a").values[5], 100);
}

TEST(RobustOutliers, IntermittentChannelsAreSkippedUnlessListed) {
    UnitFrame f = frame_of({{"t_supply", k_series}, {"compressor_power", k_series}});
    EXPECT_EQ(remove_robust_outliers(f), (ChannelCounts{{"t_supply", 1}}));
    EXPECT_EQ(f.at("compressor_power").values[5], 100);
    EXPECT_TRUE(is_intermittent_channel("compressor_on"));
    EXPECT_TRUE(is_intermittent_channel("mode"));
    EXPECT_FALSE(is_intermittent_channel("t_tank_mid"));
    EXPECT_FALSE(is_intermittent_channel("vendor_x"));

    EXPECT_EQ(remove_robust_outliers(f, {.channels = {"compressor_power"}}),
              (ChannelCounts{{"compressor_power", 1}}));
    EXPECT_THROW(remove_robust_outliers(f, {.channels = {"nope"}}), NotFoundError);
}

// Window 4 min on a 1-min grid: 2 cells either side. At cell 4 the window is 3,4,100,6,7:
// median 6, deviations 3,2,94,0,1 -> MAD 2, cut 17.8, so 100 goes. Elsewhere each value is
// within 1 of its window's median and the MAD is at least 1. Cell 1 is missing and skipped;
// cell 0's window holds only 2 present values (< min_samples).
TEST(RobustOutliers, RollingWindow) {
    UnitFrame f = frame_of({{"a", {1, N, 3, 4, 100, 6, 7, 8, 9}}});
    RobustOptions o{.window = 4 * k_minute_ms, .min_samples = 3};
    EXPECT_EQ(remove_robust_outliers(f, o), (ChannelCounts{{"a", 1}}));
    EXPECT_EQ(missing_at(f.at("a").values), (std::vector<size_t>{1, 4}));

    // A level shift is no outlier in a rolling window, but is against the global median.
    std::vector<double> shift{1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 30, 31, 30, 31};
    UnitFrame g = frame_of({{"a", shift}});
    EXPECT_EQ(remove_robust_outliers(g, {.window = 4 * k_minute_ms, .min_samples = 3}),
              (ChannelCounts{{"a", 0}}));
    UnitFrame h = frame_of({{"a", shift}});
    // Global: median 2, MAD 1 (10 of 14 deviations are 0 or 1): 30 and 31 all go.
    EXPECT_EQ(remove_robust_outliers(h, {.min_samples = 3}), (ChannelCounts{{"a", 4}}));
}

TEST(RobustOutliers, RejectsBadOptions) {
    UnitFrame f = frame_of({{"a", k_series}});
    try {
        remove_robust_outliers(f, {.k = -1});
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), testing::HasSubstr("got -1"));
    }
    UnitFrame raw("u1");
    raw.set_time({0, 5});
    raw.get_or_add("a");
    EXPECT_THROW(remove_robust_outliers(raw, {.window = k_minute_ms}), InvalidInputError);
}
