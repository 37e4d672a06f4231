#include "heatloop/hotwater/shower_events.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/error.hpp"
#include "unit/models/tank_synthetic.hpp"

namespace heatloop::hotwater {
namespace {

// Showers with an event starting within [start - 5 min, start + 15 min].
int found(const std::vector<Timestamp>& showers, const std::vector<DemandEvent>& events) {
    int n = 0;
    for (Timestamp s : showers)
        n += std::any_of(events.begin(), events.end(), [&](const DemandEvent& e) {
            return e.start >= s - 5 * k_minute_ms && e.start <= s + 15 * k_minute_ms;
        });
    return n;
}

TEST(DetectShowers, TheDefaultConfigFindsEveryShowerOfOneUnit) {
    const auto tank = models::synth::tank_unit("u1", 14, 5);
    const auto events = detect_showers(tank.frame);
    EXPECT_EQ(found(tank.showers, events), static_cast<int>(tank.showers.size()));
    EXPECT_TRUE(std::is_sorted(events.begin(), events.end(),
                               [](const auto& a, const auto& b) { return a.start < b.start; }));
    // The events at showers carry a drop (10 K over 6 minutes; an event may end before all
    // of it).
    for (const DemandEvent& e : events) {
        if (found(tank.showers, {e}) == 1) {
            EXPECT_GT(e.size, 1.0);
        }
    }
}

TEST(DetectShowers, ParamsOverrideTheDetectorAndThePolicy) {
    const auto tank = models::synth::tank_unit("u1", 14, 6);
    const auto paper = detect_showers(tank.frame);
    // A much smaller contamination share keeps about the two showers a day.
    const auto strict =
        detect_showers(tank.frame, {{"alarms", {{"value", 0.004}}}, {"seed", 3}, {"n_trees", 50}});
    EXPECT_LT(strict.size(), paper.size());
    EXPECT_GE(found(tank.showers, strict), static_cast<int>(tank.showers.size()) * 9 / 10);
    EXPECT_LE(strict.size(), tank.showers.size() + 4);
    const auto again = detect_showers(tank.frame);  // seeded: the same events again
    ASSERT_EQ(again.size(), paper.size());
    for (std::size_t i = 0; i < again.size(); ++i) EXPECT_EQ(again[i].start, paper[i].start);
}

TEST(DetectShowers, BadParamsAndDataAreInvalidInput) {
    const auto tank = models::synth::tank_unit("u1", 3, 7);
    EXPECT_THROW(detect_showers(tank.frame, {{"no_such_param", 1}}), InvalidInputError);
    EXPECT_THROW(detect_showers(tank.frame, {{"alarms", {{"method", "guess"}}}}),
                 InvalidInputError);
    EXPECT_THROW(detect_showers(tank.frame, {{"alarms", 5}}), InvalidInputError);
    EXPECT_THROW(detect_showers(tank.frame, {{"seed", -1}}), InvalidInputError);
    EXPECT_THROW(detect_showers(tank.frame, nlohmann::json::array()), InvalidInputError);
    UnitFrame no_tank("u2");
    no_tank.set_grid(0, k_minute_ms, 100);
    no_tank.get_or_add("t_supply");
    EXPECT_THROW(detect_showers(no_tank), InvalidInputError);
}

}  // namespace
}  // namespace heatloop::hotwater
