#include "heatloop/eval/ground_truth.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "unit/eval/fixtures.hpp"

using namespace heatloop;
using namespace heatloop::eval;
using namespace heatloop::eval::testing;

TEST(GroundTruth, LabelsSortIntoTheirRoles) {
    UnitData u = grid_unit("u1", 24);
    u.gaps = {{t0 + 20 * h, t0 + 22 * h}};
    set_scores(u, 20 * h, 22 * h, std::nan(""));
    const std::vector<EvalLabel> labels = {
        label("u1", 5 * h, 6 * h, "b"),                               // truth
        label("u1", 2 * h, 4 * h, "a", 0.5),                          // truth: at the floor
        label("u1", 8 * h, 9 * h, "c", 0.9, LabelState::proposed),    // ignore
        label("u1", 15 * h, 16 * h, "d", 0.3),                        // ignore, weighted
        label("u1", 18 * h, 19 * h, "e", 1.0, LabelState::rejected),  // nothing
        label("u1", 20 * h + 30 * 60000, 21 * h, "f"),                // in the gap: excluded
        label("u2", 1 * h, 2 * h, "g"),                               // another unit
    };
    const UnitTruth t = split_labels(u, labels, {});
    ASSERT_EQ(t.truth.size(), 2u);
    EXPECT_EQ(t.truth[0].category, "a");  // sorted by start
    EXPECT_EQ(t.truth[1].category, "b");
    ASSERT_EQ(t.excluded.size(), 1u);
    EXPECT_EQ(t.excluded[0].category, "f");
    ASSERT_EQ(t.weighted.size(), 3u);  // a, b, d
    EXPECT_EQ(t.weighted[2].category, "d");
    EXPECT_EQ(t.ignore, (std::vector<Interval>{{t0 + 8 * h, t0 + 9 * h},
                                               {t0 + 15 * h, t0 + 16 * h},
                                               {t0 + 20 * h, t0 + 22 * h}}));
    // A higher floor turns "a" into an ignore region.
    const UnitTruth strict = split_labels(u, labels, {.confidence_floor = 0.6});
    EXPECT_EQ(strict.truth.size(), 1u);
    EXPECT_TRUE(covered(strict.ignore, t0 + 3 * h));
    EXPECT_FALSE(covered(strict.ignore, t0 + 4 * h));  // half-open
}

TEST(GroundTruth, LabelWithNoScoredSampleIsExcluded) {
    UnitData u = grid_unit("u1", 4);
    set_scores(u, 1 * h, 2 * h, std::nan(""));  // not scored, but no gap recorded
    const std::vector<EvalLabel> labels = {label("u1", 1 * h, 2 * h, "a")};
    const UnitTruth t = split_labels(u, labels, {});
    EXPECT_TRUE(t.truth.empty());
    EXPECT_EQ(t.excluded.size(), 1u);
}

TEST(GroundTruth, BadLabelsAreRejected) {
    UnitData u = grid_unit("u1", 4);
    std::vector<EvalLabel> labels = {label("u1", 2 * h, 1 * h, "a")};
    EXPECT_THROW(split_labels(u, labels, {}), InvalidInputError);
    labels = {label("u1", 1 * h, 2 * h, "a", 1.5)};
    EXPECT_THROW(split_labels(u, labels, {}), InvalidInputError);
}

TEST(GroundTruth, PointMasks) {
    UnitData u = grid_unit("u1", 2);  // 12 samples
    u.scores[11] = std::nan("");
    u.alarms = {alarm("u1", 30 * 60000, 50 * 60000)};  // samples 3, 4
    const std::vector<EvalLabel> labels = {
        label("u1", 20 * 60000, 40 * 60000, "a"),                             // samples 2, 3
        label("u1", 30 * 60000, 70 * 60000, "b", 1.0, LabelState::proposed),  // 3..6
    };
    const PointMasks m = point_masks(u, split_labels(u, labels, {}));
    EXPECT_EQ(m.truth, (std::vector<std::uint8_t>{0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(m.alarmed, (std::vector<std::uint8_t>{0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0}));
    // Ground truth wins over an overlapping ignore region.
    EXPECT_EQ(m.ignored, (std::vector<std::uint8_t>{0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0}));
    EXPECT_EQ(m.evaluated, (std::vector<std::uint8_t>{1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0}));
}
