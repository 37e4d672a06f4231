#include "runner/split.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace heatloop;
using namespace heatloop::runner;

namespace {

std::vector<Timestamp> minutes(std::size_t n) {
    std::vector<Timestamp> t(n);
    for (std::size_t i = 0; i < n; ++i) t[i] = static_cast<Timestamp>(i) * k_minute_ms;
    return t;
}

}  // namespace

TEST(Split, TimeSplitsEachUnitAtTheFraction) {
    DataSpec d;
    d.train_fraction = 0.75;
    const UnitPlan p = plan_unit("u", minutes(100), d);
    EXPECT_EQ(p.train.begin, 0u);
    EXPECT_EQ(p.train.end, 75u);
    EXPECT_EQ(p.eval.begin, 75u);
    EXPECT_EQ(p.eval.end, 100u);
}

TEST(Split, DatesSelectHalfOpenPeriods) {
    DataSpec d;
    d.split = SplitKind::dates;
    d.train_start = 10 * k_minute_ms;
    d.train_end = 20 * k_minute_ms;
    d.eval_start = 20 * k_minute_ms;
    d.eval_end = 1000 * k_minute_ms;  // past the data: clipped
    const UnitPlan p = plan_unit("u", minutes(50), d);
    EXPECT_EQ(p.train.begin, 10u);
    EXPECT_EQ(p.train.end, 20u);
    EXPECT_EQ(p.eval.begin, 20u);
    EXPECT_EQ(p.eval.end, 50u);
}

TEST(Split, LeaveUnitsOutTrainsOnTheOthers) {
    DataSpec d;
    d.split = SplitKind::units;
    d.eval_units = {"b"};
    const UnitPlan a = plan_unit("a", minutes(10), d), b = plan_unit("b", minutes(10), d);
    EXPECT_EQ(a.train.end, 10u);
    EXPECT_TRUE(a.eval.empty());
    EXPECT_TRUE(b.train.empty());
    EXPECT_EQ(b.eval.end, 10u);
}

TEST(Split, NoneTrainsAndEvaluatesEverything) {
    DataSpec d;
    d.split = SplitKind::none;
    const UnitPlan p = plan_unit("u", minutes(10), d);
    EXPECT_EQ(p.train.end, 10u);
    EXPECT_EQ(p.eval.end, 10u);
}

TEST(Split, TrainingFrameMasksLabelledSpans) {
    UnitFrame f("u");
    f.set_grid(0, k_minute_ms, 10);
    auto& v = f.get_or_add("x").values;
    for (std::size_t i = 0; i < 10; ++i) v[i] = static_cast<double>(i);
    std::size_t masked = 0;
    const std::vector<GapSpan> spans{{3 * k_minute_ms, 5 * k_minute_ms, ""}};
    const UnitFrame t = training_frame(f, {2, 8}, spans, masked);
    ASSERT_EQ(t.rows(), 6u);
    EXPECT_EQ(masked, 2u);
    const auto& x = t.at("x").values;
    EXPECT_EQ(x[0], 2.0);
    EXPECT_TRUE(std::isnan(x[1]));
    EXPECT_TRUE(std::isnan(x[2]));
    EXPECT_EQ(x[3], 5.0);
    EXPECT_EQ(f.at("x").values[3], 3.0);  // the source is untouched
}
