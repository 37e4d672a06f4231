#include "heatloop/prep/split.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::prep;

namespace {
constexpr Duration m = k_minute_ms;
const Timestamp t0 = parse_utc("2023-01-01");

UnitFrame grid(size_t rows) {
    UnitFrame f("u1");
    f.set_grid(t0, m, rows);
    auto& a = f.get_or_add("a");
    for (size_t i = 0; i < rows; ++i) a.values[i] = static_cast<double>(i);
    return f;
}
}  // namespace

TEST(Split, DefaultIs85PercentOfTheSpan) {
    UnitFrame f = grid(100);
    SplitRanges r = make_split(f);
    EXPECT_EQ(r, (SplitRanges{t0, t0 + 85 * m, t0 + 85 * m, t0 + 100 * m}));
    EXPECT_EQ(train_part(f, r).rows(), 85u);
    UnitFrame test = test_part(f, r);
    ASSERT_EQ(test.rows(), 15u);
    EXPECT_EQ(test.at("a").values.front(), 85);
    // 7 rows: floor(0.85 * 7) = 5 train rows.
    EXPECT_EQ(make_split(grid(7)).train_end, t0 + 5 * m);
    EXPECT_EQ(make_split(grid(10), {.train_fraction = 0.5}).test_start, t0 + 5 * m);
}

TEST(Split, ExplicitRanges) {
    UnitFrame f = grid(100);
    f.gaps().push_back({t0 + 10 * m, t0 + 20 * m, "a"});
    // Only train_end: test starts there and runs to the end.
    SplitRanges r = make_split(f, {.train_end = t0 + 60 * m});
    EXPECT_EQ(r, (SplitRanges{t0, t0 + 60 * m, t0 + 60 * m, t0 + 100 * m}));
    // All four, with a hole between train and test.
    r = make_split(f, {.train_start = t0 + 15 * m,
                       .train_end = t0 + 50 * m,
                       .test_start = t0 + 70 * m,
                       .test_end = t0 + 80 * m});
    UnitFrame train = train_part(f, r);
    EXPECT_EQ(train.rows(), 35u);
    EXPECT_EQ(train.at("a").values.front(), 15);
    EXPECT_EQ(train.gaps(), (std::vector<GapSpan>{{t0 + 15 * m, t0 + 20 * m, "a"}}));
    EXPECT_EQ(test_part(f, r).rows(), 10u);
    EXPECT_EQ(describe(r),
              "train [2023-01-01T00:15:00Z, 2023-01-01T00:50:00Z) test [2023-01-01T01:10:00Z, "
              "2023-01-01T01:20:00Z)");
}

TEST(Split, ErrorsNameTheValues) {
    UnitFrame f = grid(100);
    auto message = [&](const SplitOptions& o) {
        try {
            make_split(f, o);
        } catch (const InvalidInputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_THAT(message({.train_fraction = 1.0}), testing::HasSubstr("got 1"));
    EXPECT_THAT(message({.train_end = t0 + 50 * m, .test_start = t0 + 40 * m}),
                testing::HasSubstr("test starts 2023-01-01T00:40:00Z before train ends "
                                   "2023-01-01T00:50:00Z"));
    EXPECT_THAT(message({.train_start = t0 + 50 * m, .train_end = t0 + 50 * m}),
                testing::HasSubstr("empty train range"));
    EXPECT_THAT(message({.test_end = t0}), testing::HasSubstr("need train_end or test_start"));
    EXPECT_THAT(message({.train_end = t0 + 200 * m}),
                testing::HasSubstr("test range [2023-01-01T03:20:00Z, 2023-01-01T01:40:00Z)"));
    EXPECT_THAT(message({.train_start = t0 - 100 * m, .train_end = t0 - 50 * m}),
                testing::HasSubstr("train range [2022-12-31T22:20:00Z, 2022-12-31T23:10:00Z) "
                                   "holds no row"));
    EXPECT_THROW(make_split(grid(1)), InvalidInputError);  // floor(0.85) = 0 train rows
    EXPECT_THROW(make_split(UnitFrame("u1")), InvalidInputError);
}

TEST(Split, TrainRowsCutAfterThatManyCells) {
    const SplitRanges r = make_split(grid(100), {.train_rows = 40});
    EXPECT_EQ(r.train_end, t0 + 40 * m);
    EXPECT_EQ(r.test_start, t0 + 40 * m);
    EXPECT_EQ(r.test_end, t0 + 100 * m);
    EXPECT_THROW(make_split(grid(100), {.train_rows = 100}), InvalidInputError);  // none left
    EXPECT_THROW(make_split(grid(100), {.train_rows = 0}), InvalidInputError);
}
