#include "heatloop/prep/resample.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::prep;

namespace {

constexpr double N = k_missing;
constexpr Duration m = k_minute_ms;

UnitFrame raw_frame(std::vector<Timestamp> time,
                    std::vector<std::pair<std::string, std::vector<double>>> channels) {
    UnitFrame f("u1");
    f.set_time(std::move(time));
    for (auto& [name, values] : channels) f.get_or_add(name).values = std::move(values);
    return f;
}

// Element-wise equality where NaN == NaN.
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

// The same input through pandas 2.2:
//   df.resample("1min").last().ffill(limit=2)
// gives a = [2, 3, 3, 3, NaN, NaN, 5] and b = [NaN, 8, 8, 8, NaN, NaN, NaN].
TEST(Resample, LastPerCellAndLimitedForwardFillLikePandas) {
    UnitFrame raw = raw_frame({0, 30'000, 70'000, 75'000, 400'000},
                              {{"a", {1, 2, 3, N, 5}}, {"b", {N, N, 7, 8, N}}});
    UnitFrame out = resample(raw, {.step = m, .ffill_max_gap = 2 * m});
    EXPECT_EQ(out.unit_id(), "u1");
    EXPECT_EQ(out.step(), m);
    ASSERT_EQ(out.rows(), 7u);
    EXPECT_EQ(out.time().front(), 0);
    EXPECT_EQ(out.time().back(), 6 * m);
    EXPECT_EQ(out.channel_names(), (std::vector<std::string>{"a", "b"}));
    // Cell 0 holds a=1 then a=2: last wins. Cell 1 holds a=3 then a=NaN: NaN is skipped.
    expect_values(out.at("a").values, {2, 3, 3, 3, N, N, 5});
    expect_values(out.at("b").values, {N, 8, 8, 8, N, N, N});
    EXPECT_EQ(out.gaps(), (std::vector<GapSpan>{
                              {4 * m, 6 * m, "a"},
                              {0, 1 * m, "b"},      // leading: before b's first value
                              {4 * m, 7 * m, "b"},  // trailing: to the end of the grid
                          }));
}

TEST(Resample, GridIsFlooredToStepIncludingNegativeTimes) {
    UnitFrame out = resample(raw_frame({90'500, 185'000}, {{"a", {1, 2}}}), {});
    ASSERT_EQ(out.rows(), 3u);  // 60s, 120s, 180s
    EXPECT_EQ(out.time().front(), 60'000);
    expect_values(out.at("a").values, {1, 1, 2});
    EXPECT_TRUE(out.gaps().empty());

    UnitFrame neg = resample(raw_frame({-1, 59'999}, {{"a", {7, 8}}}), {});
    ASSERT_EQ(neg.rows(), 2u);
    EXPECT_EQ(neg.time().front(), -60'000);
    expect_values(neg.at("a").values, {7, 8});
}

TEST(Resample, FillLimitIsMaxGapOverStepRoundedDown) {
    UnitFrame raw = raw_frame({0, 5 * m}, {{"a", {1, 2}}});
    // 150 s / 60 s -> 2 cells.
    expect_values(resample(raw, {.step = m, .ffill_max_gap = 150'000}).at("a").values,
                  {1, 1, 1, N, N, 2});
    // A maximum gap shorter than the step fills nothing.
    UnitFrame none = resample(raw, {.step = m, .ffill_max_gap = 30'000});
    expect_values(none.at("a").values, {1, N, N, N, N, 2});
    EXPECT_EQ(none.gaps(), (std::vector<GapSpan>{{1 * m, 5 * m, "a"}}));
    // Long enough: everything filled, no gap.
    UnitFrame all = resample(raw, {.step = m, .ffill_max_gap = 4 * m});
    expect_values(all.at("a").values, {1, 1, 1, 1, 1, 2});
    EXPECT_TRUE(all.gaps().empty());
}

TEST(Resample, DownsamplesSecondsToFiveMinutes) {
    // Observations every 100 s; 5-minute cells take the last one in each.
    std::vector<Timestamp> t;
    std::vector<double> v;
    for (int i = 0; i < 9; ++i) {
        t.push_back(i * 100'000);
        v.push_back(i);
    }
    UnitFrame out = resample(raw_frame(t, {{"a", v}}), {.step = 5 * m});
    ASSERT_EQ(out.rows(), 3u);  // cells 0, 300 s, 600 s; last time 800 s
    // Cell [0, 300): 0, 100, 200 -> 2. [300, 600): 300, 400, 500 -> 5. [600, 900): 6, 7, 8 -> 8.
    expect_values(out.at("a").values, {2, 5, 8});
}

TEST(Resample, AllMissingChannelIsOneGapOverTheGrid) {
    UnitFrame out = resample(raw_frame({0, 2 * m}, {{"a", {1, 2}}, {"b", {N, N}}}), {});
    expect_values(out.at("b").values, {N, N, N});
    EXPECT_EQ(out.gaps(), (std::vector<GapSpan>{{0, 3 * m, "b"}}));
}

TEST(Resample, DuplicateTimesTakeTheLaterRow) {
    UnitFrame out = resample(raw_frame({0, 0, 0}, {{"a", {1, 2, N}}}), {});
    expect_values(out.at("a").values, {2});
}

// Store-on-change data: x changes at 0 and 11 min, y at 1, 3 and 10 min. The unit reports at
// cells 0, 1, 3, 10, 11; with a 2-minute maximum gap it is "alive" at 0-5 and 10-11.
TEST(Resample, HoldWhileReportingKeepsValuesWhileTheUnitTalks) {
    UnitFrame raw = raw_frame({0, 1 * m, 3 * m, 10 * m, 11 * m},
                              {{"x", {1, N, N, N, 2}}, {"y", {N, 5, 6, 7, N}}});
    UnitFrame held =
        resample(raw, {.step = m, .ffill_max_gap = 2 * m, .hold_while_reporting = true});
    ASSERT_EQ(held.rows(), 12u);
    // x holds 1 through minute 5 (the unit reported y at 3), then the unit is silent for more
    // than 2 minutes: the hold ends and x stays missing until observed again at 11.
    expect_values(held.at("x").values, {1, 1, 1, 1, 1, 1, N, N, N, N, N, 2});
    expect_values(held.at("y").values, {N, 5, 5, 6, 6, 6, N, N, N, N, 7, 7});
    EXPECT_EQ(held.gaps(), (std::vector<GapSpan>{
                               {6 * m, 11 * m, "x"},
                               {0, 1 * m, "y"},
                               {6 * m, 10 * m, "y"},
                           }));
    // Without the hold, x's value ends after 2 filled cells.
    UnitFrame plain = resample(raw, {.step = m, .ffill_max_gap = 2 * m});
    expect_values(plain.at("x").values, {1, 1, 1, N, N, N, N, N, N, N, N, 2});
}

// 10,000 cells span several of the blocks resample works in; fill state and open gaps must
// carry across block boundaries.
TEST(Resample, LongGridAcrossBlocks) {
    std::vector<Timestamp> t;
    std::vector<double> x, y;
    for (int i = 0; i < 10'000; ++i) {
        t.push_back(i * m);
        x.push_back(i == 0 ? 1 : i == 9'999 ? 2 : N);
        y.push_back(i);
    }
    UnitFrame raw = raw_frame(t, {{"x", x}, {"y", y}});
    UnitFrame plain = resample(raw, {});
    ASSERT_EQ(plain.rows(), 10'000u);
    const auto& px = plain.at("x").values;
    EXPECT_EQ(px[30], 1);  // 30 cells filled
    EXPECT_TRUE(std::isnan(px[31]));
    EXPECT_TRUE(std::isnan(px[9'998]));
    EXPECT_EQ(px[9'999], 2);
    EXPECT_EQ(plain.at("y").values[8'192], 8'192);
    EXPECT_EQ(plain.time()[9'999], 9'999 * m);
    EXPECT_EQ(plain.gaps(), (std::vector<GapSpan>{{31 * m, 9'999 * m, "x"}}));
    // y reports every minute, so x holds throughout.
    UnitFrame held = resample(raw, {.hold_while_reporting = true});
    const auto& hx = held.at("x").values;
    EXPECT_EQ(hx[4'096], 1);
    EXPECT_EQ(hx[9'998], 1);
    EXPECT_EQ(hx[9'999], 2);
    EXPECT_TRUE(held.gaps().empty());
}

TEST(Resample, EmptyFrameKeepsChannels) {
    UnitFrame out = resample(raw_frame({}, {{"a", {}}}), {.step = 5 * m});
    EXPECT_EQ(out.rows(), 0u);
    EXPECT_EQ(out.step(), 5 * m);
    EXPECT_EQ(out.channel_names(), (std::vector<std::string>{"a"}));
}

TEST(Resample, RejectsBadOptionsAndUnsortedTimes) {
    UnitFrame raw = raw_frame({0, 2 * m, 1 * m}, {{"a", {1, 2, 3}}});
    try {
        resample(raw, {});
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), testing::HasSubstr("u1"));
        EXPECT_THAT(e.what(), testing::HasSubstr("row 2"));
        EXPECT_THAT(e.what(),
                    testing::HasSubstr("1970-01-01T00:01:00Z after 1970-01-01T00:02:00Z"));
    }
    UnitFrame ok = raw_frame({0}, {{"a", {1}}});
    EXPECT_THROW(resample(ok, {.step = 0}), InvalidInputError);
    EXPECT_THROW(resample(ok, {.step = m, .ffill_max_gap = -1}), InvalidInputError);
    UnitFrame huge = raw_frame({0, 100 * k_day_ms * 365}, {{"a", {1, 2}}});
    EXPECT_THROW(resample(huge, {.step = 1}), InvalidInputError);
}
