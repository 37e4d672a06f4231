#include "heatloop/hotwater/closed_loop.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/sim/random.hpp"

namespace heatloop::hotwater {
namespace {

constexpr Timestamp k_monday = 1'704'067'200'000;

struct Fixture {
    sim::WeatherSeries weather;
    ReplayHousehold house;
};

Fixture household() {
    Fixture f;
    sim::Rng rng(7);
    const sim::ClimateParams climate = sim::draw_climate("loc-01", rng);
    f.weather =
        sim::generate_weather(climate, k_monday, k_monday + 3 * k_day_ms, 10 * k_minute_ms, rng);
    f.house.id = "h";
    f.house.weather = &f.weather;
    for (int d = 0; d < 3; ++d) {  // two showers every morning, a tap in the evening
        const Timestamp day = k_monday + d * k_day_ms;
        f.house.draws.push_back(
            {day + 6 * k_hour_ms, 8 * k_minute_ms, 8.0, 39.0, sim::DrawKind::shower});
        f.house.draws.push_back({day + 6 * k_hour_ms + 20 * k_minute_ms, 8 * k_minute_ms, 8.0, 39.0,
                                 sim::DrawKind::shower});
        f.house.draws.push_back(
            {day + 19 * k_hour_ms, 2 * k_minute_ms, 5.0, 40.0, sim::DrawKind::tap});
    }
    return f;
}

TEST(Replay, TankBookkeepingConservesEnergy) {
    const Fixture f = household();
    const PolicyOutcome o = replay(f.house, threshold_policy(f.house), k_monday,
                                   k_monday + 6 * k_hour_ms, k_monday + 3 * k_day_ms, 50.0, 40.0);
    EXPECT_GT(o.heat_kwh, 0);
    EXPECT_GT(o.drawn_kwh, 0);
    EXPECT_GT(o.loss_kwh, 0);
    EXPECT_GT(o.starts, 0);
    EXPECT_NEAR(o.tank_end_kwh - o.tank_start_kwh, o.heat_kwh - o.drawn_kwh - o.loss_kwh, 1e-6);
    EXPECT_GT(o.cop(), 1.0);
    EXPECT_DOUBLE_EQ(o.draw_minutes, 3 * (8 + 8 + 2));
}

TEST(Replay, NoHeatingMeansColdDrawsAndNoElectricity) {
    const Fixture f = household();
    const TankPolicy never = [](Timestamp, double, double, bool, bool) { return false; };
    const PolicyOutcome o =
        replay(f.house, never, k_monday, k_monday, k_monday + 3 * k_day_ms, 45.0, 40.0);
    EXPECT_EQ(o.electric_kwh, 0.0);
    EXPECT_EQ(o.starts, 0);
    EXPECT_GT(o.cold_minutes, 0.0);  // the tank runs cold over three days of showers
    EXPECT_LE(o.cold_minutes, o.draw_minutes);
    EXPECT_NEAR(o.tank_start_kwh - o.tank_end_kwh, o.drawn_kwh + o.loss_kwh, 1e-6);
}

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

TEST(ClosedLoop, OracleIsNoColderThanThresholdAndSumsPool) {
    ClosedLoopOptions o;
    o.households = 4;
    o.weeks = 3;
    for (std::uint64_t seed : {1u, 2u}) {
        o.seed = seed;
        const ClosedLoopResult r = run_closed_loop(o);
        ASSERT_EQ(r.households.size(), 4u);
        EXPECT_EQ(r.eval_from, o.start + 2 * 7 * k_day_ms);  // learnt on weeks 1-2
        EXPECT_LE(r.oracle.cold_minutes, r.threshold.cold_minutes) << "seed " << seed;
        double thr = 0;
        for (const auto& h : r.households) {
            thr += h.threshold.electric_kwh;
            EXPECT_GT(h.showers_learnt, 0);
            // Every policy served the same draws.
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
