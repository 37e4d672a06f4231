#include <gtest/gtest.h>

#include "heatloop/hotwater/closed_loop.hpp"
#include "heatloop/sim/random.hpp"

namespace heatloop::hotwater {
namespace {

constexpr Timestamp k_monday = 1'704'067'200'000;

/// A household in a fixed place (built in place: the replay keeps a pointer to the weather).
struct Fixture {
    Fixture() {
        sim::Rng rng(7);
        const sim::ClimateParams climate = sim::draw_climate("loc-01", rng);
        weather = sim::generate_weather(climate, k_monday, k_monday + 3 * k_day_ms,
                                        10 * k_minute_ms, rng);
        house.id.assign(1, 'h');  // not = "h": GCC 12's false -Wrestrict
        house.weather = &weather;
        for (int d = 0; d < 3; ++d) {  // two showers every morning, a tap in the evening
            const Timestamp day = k_monday + d * k_day_ms;
            house.draws.push_back(
                {day + 6 * k_hour_ms, 8 * k_minute_ms, 8.0, 39.0, sim::DrawKind::shower});
            house.draws.push_back({day + 6 * k_hour_ms + 20 * k_minute_ms, 8 * k_minute_ms, 8.0,
                                   39.0, sim::DrawKind::shower});
            house.draws.push_back(
                {day + 19 * k_hour_ms, 2 * k_minute_ms, 5.0, 40.0, sim::DrawKind::tap});
        }
    }
    Fixture(const Fixture&) = delete;
    Fixture& operator=(const Fixture&) = delete;

    sim::WeatherSeries weather;
    ReplayHousehold house;
};

TEST(Replay, TankBookkeepingConservesEnergy) {
    const Fixture f;
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
    const Fixture f;
    const TankPolicy never = [](Timestamp, double, double, bool, bool) { return false; };
    const PolicyOutcome o =
        replay(f.house, never, k_monday, k_monday, k_monday + 3 * k_day_ms, 45.0, 40.0);
    EXPECT_EQ(o.electric_kwh, 0.0);
    EXPECT_EQ(o.starts, 0);
    EXPECT_GT(o.cold_minutes, 0.0);  // the tank runs cold over three days of showers
    EXPECT_LE(o.cold_minutes, o.draw_minutes);
    EXPECT_NEAR(o.tank_start_kwh - o.tank_end_kwh, o.drawn_kwh + o.loss_kwh, 1e-6);
}

}  // namespace
}  // namespace heatloop::hotwater
