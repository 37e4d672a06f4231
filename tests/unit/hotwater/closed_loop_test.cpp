#include "heatloop/hotwater/closed_loop.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"

namespace heatloop::hotwater {
namespace {

constexpr Timestamp k_monday = 1'704'067'200'000;

TEST(ClosedLoop, DeterministicUnderASeed) {
    ClosedLoopOptions o;
    o.households = 2;
    o.weeks = 2;
    o.seed = 3;
    const auto a = to_json(run_closed_loop(o));
    const auto b = to_json(run_closed_loop(o));
    EXPECT_EQ(a.dump(), b.dump());
    o.seed = 4;
    EXPECT_NE(to_json(run_closed_loop(o)).dump(), a.dump());
}

TEST(ClosedLoop, PolicesServeTheSameDrawsAndSumsPool) {
    ClosedLoopOptions o;
    o.households = 4;
    o.weeks = 3;
    const ClosedLoopResult r = run_closed_loop(o);
    ASSERT_EQ(r.households.size(), 4u);
    EXPECT_EQ(r.eval_from, o.start + 2 * 7 * k_day_ms);  // learnt on weeks 1-2
    double thr = 0;
    for (const auto& h : r.households) {
        thr += h.threshold.electric_kwh;
        EXPECT_GT(h.showers_learnt, 0);
        EXPECT_DOUBLE_EQ(h.schedule.draw_minutes, h.threshold.draw_minutes);
        EXPECT_DOUBLE_EQ(h.oracle.draw_minutes, h.threshold.draw_minutes);
        for (const PolicyOutcome* p : {&h.threshold, &h.schedule, &h.oracle})
            EXPECT_NEAR(p->tank_end_kwh - p->tank_start_kwh,
                        p->heat_kwh - p->drawn_kwh - p->loss_kwh, 1e-6);
    }
    EXPECT_NEAR(r.threshold.electric_kwh, thr, 1e-9);
    EXPECT_NEAR(saving(r.schedule, r.threshold),
                1 - r.schedule.electric_kwh / r.threshold.electric_kwh, 1e-12);
}

TEST(ClosedLoop, OracleIsNoColderThanThresholdOnAFleet) {
    // Pooled over a fleet (10 households x 4 evaluated weeks); on a handful of household-weeks
    // the oracle, keeping the tank cooler, can dip a minute below comfort where the
    // threshold controller has none (docs/hot-water.md#steering).
    ClosedLoopOptions o;
    o.households = 10;
    o.weeks = 8;
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        o.seed = seed;
        const ClosedLoopResult r = run_closed_loop(o);
        EXPECT_LE(r.oracle.cold_minutes, r.threshold.cold_minutes) << "seed " << seed;
        EXPECT_LT(r.oracle.electric_kwh, r.threshold.electric_kwh) << "seed " << seed;
    }
}

TEST(ClosedLoop, RefusesImpossibleSplits) {
    ClosedLoopOptions o;
    o.weeks = 1;
    EXPECT_THROW(run_closed_loop(o), InvalidInputError);
    o.weeks = 4;
    o.learn_weeks = 4;
    EXPECT_THROW(run_closed_loop(o), InvalidInputError);
    o.learn_weeks = 0;
    EXPECT_EQ(learn_weeks(o), 2);
}

}  // namespace
}  // namespace heatloop::hotwater
