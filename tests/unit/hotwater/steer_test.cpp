#include "heatloop/hotwater/steer.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace heatloop::hotwater {
namespace {

TEST(HotWaterHeatKw, MedianHeatOutputInHotWaterMode) {
    UnitFrame f("u1");
    f.set_grid(0, k_minute_ms, 6);
    f.channels().push_back({"mode", {2, 2, 1, 2, 0, 2}});
    f.channels().push_back({"heat_output", {5.0, 6.0, 9.0, 7.0, 0.0, 0.0}});
    // Hot-water rows with heat: 5, 6, 7 (space heating's 9 and the idle 0 are left out).
    EXPECT_DOUBLE_EQ(hot_water_heat_kw(f), 6.0);
    UnitFrame no_mode("u2");
    no_mode.set_grid(0, k_minute_ms, 2);
    no_mode.channels().push_back({"heat_output", {5.0, 6.0}});
    EXPECT_TRUE(std::isnan(hot_water_heat_kw(no_mode)));
    f.find("mode")->values = {1, 1, 1, 1, 1, 1};
    EXPECT_TRUE(std::isnan(hot_water_heat_kw(f)));
}

}  // namespace
}  // namespace heatloop::hotwater
