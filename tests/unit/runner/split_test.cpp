#include "runner/split.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::runner;

namespace {

// A unit on a 1-min grid of n rows from the epoch.
UnitFrame minutes(const std::string& id, std::size_t n) {
    UnitFrame f(id);
    f.set_grid(0, k_minute_ms, n);
    return f;
}

}  // namespace

TEST(Split, TimeSplitsEachUnitAtTheFraction) {
    DataSpec d;
    d.train_fraction = 0.85;  // 0.85 * 100 is 84.999...: prep's split still cuts at 85
    EXPECT_EQ(plan_unit(minutes("u", 100), d).train.end, 85u);
    d.train_fraction = 0.75;
    const UnitPlan p = plan_unit(minutes("u", 100), d);
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
    const UnitPlan p = plan_unit(minutes("u", 50), d);
    EXPECT_EQ(p.train.begin, 10u);
    EXPECT_EQ(p.train.end, 20u);
    EXPECT_EQ(p.eval.begin, 20u);
    EXPECT_EQ(p.eval.end, 50u);
}

TEST(Split, LeaveUnitsOutTrainsOnTheOthers) {
    DataSpec d;
    d.split = SplitKind::units;
    d.eval_units = {"b"};
    const UnitPlan a = plan_unit(minutes("a", 10), d), b = plan_unit(minutes("b", 10), d);
    EXPECT_EQ(a.train.end, 10u);
    EXPECT_TRUE(a.eval.empty());
    EXPECT_TRUE(b.train.empty());
    EXPECT_EQ(b.eval.end, 10u);
}

TEST(Split, NoneTrainsAndEvaluatesEverything) {
    DataSpec d;
    d.split = SplitKind::none;
    const UnitPlan p = plan_unit(minutes("u", 10), d);
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

TEST(Split, TrainRowsCutEachUnitAtARowCount) {
    DataSpec d;
    d.train_rows = 400;
    const UnitPlan p = plan_unit(minutes("u", 1000), d);
    EXPECT_EQ(p.train.end, 400u);
    EXPECT_EQ(p.eval.begin, 400u);
    EXPECT_EQ(p.eval.end, 1000u);
    // A unit that train_rows would leave nothing to evaluate is named, not silently skipped.
    try {
        plan_unit(minutes("s", 300), d);
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("unit s: train_rows = 400 leaves 0 of its 300"),
                  std::string::npos)
            << e.what();
    }
}

TEST(Split, CalibrationRowsAreTheTailOfTheTrainingRows) {
    DataSpec d;
    d.train_rows = 400;
    d.calibration_fraction = 0.25;
    const UnitPlan p = plan_unit(minutes("u", 1000), d);
    EXPECT_EQ(p.train.begin, 0u);
    EXPECT_EQ(p.train.end, 300u);
    EXPECT_EQ(p.calibration.begin, 300u);
    EXPECT_EQ(p.calibration.end, 400u);
    EXPECT_EQ(p.eval.begin, 400u);  // evaluation rows are untouched
}

namespace {

std::vector<UnitPlan> plans(std::size_t n, const DataSpec& d) {
    std::vector<UnitPlan> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(plan_unit(minutes(fmt::format("u{}", i), 100), d));
    return out;
}

}  // namespace

TEST(RunPlan, FleetScopeTrainsOneModelOnEveryUnit) {
    RunConfig c;
    const RunPlan p = plan_run(plans(4, c.data), c);
    ASSERT_EQ(p.models.size(), 1u);
    EXPECT_EQ(p.models[0].key, "fleet");
    EXPECT_EQ(p.models[0].train, (std::vector<std::size_t>{0, 1, 2, 3}));
    for (const auto& u : p.units) EXPECT_EQ(u.model, 0u);
}

TEST(RunPlan, UnitScopeTrainsOneModelPerUnitOnItself) {
    RunConfig c;
    c.scope = ModelScope::unit;
    const RunPlan p = plan_run(plans(3, c.data), c);
    ASSERT_EQ(p.models.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(p.models[i].key, fmt::format("unit-u{}", i));
        EXPECT_EQ(p.models[i].train, std::vector<std::size_t>{i});
        EXPECT_EQ(p.units[i].model, i);
    }
}

TEST(RunPlan, UnitFoldsNeverEvaluateAUnitWithAModelThatSawIt) {
    RunConfig c;
    c.data.split = SplitKind::unit_folds;
    c.data.folds = 3;
    c.seed = 9;
    const RunPlan p = plan_run(plans(10, c.data), c);
    ASSERT_EQ(p.models.size(), 3u);
    std::vector<std::size_t> fold_sizes(3, 0);
    for (std::size_t i = 0; i < p.units.size(); ++i) {
        const auto& train = p.models[p.units[i].model].train;
        EXPECT_EQ(std::find(train.begin(), train.end(), i), train.end()) << i;
        ++fold_sizes[p.units[i].model];
    }
    std::sort(fold_sizes.begin(), fold_sizes.end());
    EXPECT_EQ(fold_sizes, (std::vector<std::size_t>{3, 3, 4}));
    // Seeded: the same seed deals the same folds, another seed others.
    const RunPlan again = plan_run(plans(10, c.data), c);
    for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(again.units[i].model, p.units[i].model);
}

TEST(RunPlan, TooFewUnitsForTheFoldsIsAnError) {
    RunConfig c;
    c.data.split = SplitKind::unit_folds;
    c.data.folds = 5;
    EXPECT_THROW(plan_run(plans(3, c.data), c), InvalidInputError);
}
