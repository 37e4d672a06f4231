#include "heatloop/eval/strata.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "unit/eval/fixtures.hpp"

using namespace heatloop;
using namespace heatloop::eval;
using namespace heatloop::eval::testing;

TEST(Strata, Seasons) {
    EXPECT_EQ(season_of(parse_utc("2024-12-31T23:59:59Z")), "DJF");
    EXPECT_EQ(season_of(parse_utc("2024-02-29")), "DJF");
    EXPECT_EQ(season_of(parse_utc("2024-03-01")), "MAM");
    EXPECT_EQ(season_of(parse_utc("2024-08-31")), "JJA");
    EXPECT_EQ(season_of(parse_utc("2024-09-01")), "SON");
    EXPECT_EQ(season_of(parse_utc("2024-11-30")), "SON");
}

TEST(Strata, ModesAndTemperatureBands) {
    EXPECT_EQ(mode_name(0), "off");
    EXPECT_EQ(mode_name(2), "hot_water");
    EXPECT_EQ(mode_name(3), "defrost");
    EXPECT_EQ(mode_name(7), "mode_7");
    EXPECT_EQ(mode_name(1.5), "unknown");
    EXPECT_EQ(mode_name(std::nan("")), "unknown");
    const std::vector<double> edges = {-5, 5, 15};
    EXPECT_EQ(temperature_band(-10, edges), "<-5");
    EXPECT_EQ(temperature_band(-5, edges), "[-5,5)");
    EXPECT_EQ(temperature_band(4.9, edges), "[-5,5)");
    EXPECT_EQ(temperature_band(15, edges), ">=15");
    EXPECT_EQ(temperature_band(std::nan(""), edges), "unknown");
}

TEST(Strata, ValueAtTheFirstSampleThatHasOne) {
    UnitData u = grid_unit("u", 1);  // 6 samples
    u.mode = {std::nan(""), std::nan(""), 2, 2, 1, 1};
    u.outdoor_temp = {-8, -8, 3, 3, 20, 20};
    const std::vector<double> edges = {-5, 5, 15};
    EXPECT_EQ(stratum_at(StratumKind::mode, u, edges, t0, t0 + h), "hot_water");
    EXPECT_EQ(stratum_at(StratumKind::mode, u, edges, t0, t0 + 10 * 60000), "unknown");
    EXPECT_EQ(stratum_at(StratumKind::outdoor_temp, u, edges, t0 + 40 * 60000, t0 + h), ">=15");
    EXPECT_EQ(stratum_at(StratumKind::season, u, edges, t0, t0 + h), "DJF");
    u.mode.clear();
    EXPECT_EQ(stratum_at(StratumKind::mode, u, edges, t0, t0 + h), "unknown");
}
