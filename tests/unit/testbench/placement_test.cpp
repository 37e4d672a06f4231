#include "heatloop/testbench/placement.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "unit/testbench/fixtures.hpp"

using namespace heatloop;
using namespace heatloop::testbench;
using namespace heatloop::testbench::testing;

namespace {

bool overlaps(Timestamp a0, Timestamp a1, Timestamp b0, Timestamp b1) {
    return a0 < b1 && b0 < a1;
}

}  // namespace

TEST(Placement, StartsLieInNormalPeriodsApartFromEachOther) {
    UnitFrame f = steady_unit("u", 30);
    f.gaps().push_back({k_t0 + 20 * k_day_ms, k_t0 + 21 * k_day_ms, ""});
    const std::vector<eval::EvalLabel> labels = {
        {"u", k_t0 + 10 * k_day_ms, k_t0 + 12 * k_day_ms, "compressor_failure"},
        {"other", k_t0 + 5 * k_day_ms, k_t0 + 6 * k_day_ms, "x"}};
    const auto forbidden = forbidden_spans(f, labels);
    ASSERT_EQ(forbidden.size(), 2u);  // the other unit's label does not count
    PlacementParams p;
    p.per_unit = 4;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const auto starts = choose_failure_starts(f, forbidden, p, seed);
        ASSERT_EQ(starts.size(), 4u);
        for (std::size_t i = 0; i < starts.size(); ++i) {
            const Timestamp t0 = starts[i];
            EXPECT_EQ((t0 - k_t0) % f.step(), 0);
            EXPECT_GE(t0 - p.history, k_t0);
            EXPECT_LE(t0 + p.duration + p.after, k_t0 + 30 * k_day_ms);
            for (const auto& s : forbidden)
                EXPECT_FALSE(overlaps(t0 - p.history, t0 + p.duration + p.after, s.start, s.end));
            if (i > 0) {
                EXPECT_GE(t0 - (starts[i - 1] + p.duration), p.separation);
            }
        }
    }
}

TEST(Placement, SameSeedSameStartsOtherSeedOtherStarts) {
    const UnitFrame f = steady_unit("u", 30);
    const PlacementParams p;
    const auto a = choose_failure_starts(f, {}, p, 7), b = choose_failure_starts(f, {}, p, 7);
    const auto c = choose_failure_starts(f, {}, p, 8);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    // Another unit with the same seed gets other starts too.
    EXPECT_NE(a, choose_failure_starts(steady_unit("v", 30), {}, p, 7));
}

TEST(Placement, FewerStartsWhenThereIsNoRoom) {
    const UnitFrame f = steady_unit("u", 6);  // room for one failure: 3 d + 1 d + 1 d
    PlacementParams p;
    p.per_unit = 3;
    EXPECT_EQ(choose_failure_starts(f, {}, p, 1).size(), 1u);
    EXPECT_TRUE(choose_failure_starts(steady_unit("u", 4), {}, p, 1).empty());
    p.duration = 0;
    EXPECT_THROW(choose_failure_starts(f, {}, p, 1), InvalidInputError);
}
