#include "heatloop/sim/heat_pump.hpp"

#include <gtest/gtest.h>

#include "heatloop/sim/source.hpp"

using namespace heatloop::sim;

TEST(HeatPump, CopFollowsTheTemperatureLift) {
    HeatPumpParams air;
    // A2/W35 (condensing ~40 degC): a typical air-source COP of 3 to 4.
    double a2w35 = operating_point(air, 2.0, 40.0).cop;
    EXPECT_GT(a2w35, 3.0);
    EXPECT_LT(a2w35, 4.0);
    // Colder source or hotter supply: lower COP.
    EXPECT_LT(operating_point(air, -10.0, 40.0).cop, a2w35);
    EXPECT_LT(operating_point(air, 2.0, 55.0).cop, a2w35);
    EXPECT_GT(operating_point(air, 10.0, 33.0).cop, a2w35);
    // The whole heating range stays in the band real machines reach.
    for (double source = -20; source <= 20; source += 1)
        for (double cond = 28; cond <= 63; cond += 1) {
            double cop = operating_point(air, source, cond).cop;
            ASSERT_GE(cop, 1.5) << source << " " << cond;
            ASSERT_LE(cop, 6.5) << source << " " << cond;
        }
    HeatPumpParams ground;
    ground.source = SourceType::ground;
    ground.evaporator_approach_k = 5.0;
    ground.carnot_efficiency = 0.55;
    double b0w35 = operating_point(ground, 0.0, 40.0).cop;
    EXPECT_GT(b0w35, 3.5);
    EXPECT_LT(b0w35, 5.0);
    EXPECT_EQ(source_type_name(SourceType::air), "ASHP");
    EXPECT_EQ(source_type_name(SourceType::ground), "GSHP");
}

TEST(HeatPump, CapacityPowerAndFactors) {
    HeatPumpParams hp;
    OperatingPoint p = operating_point(hp, 2.0, 40.0);
    EXPECT_NEAR(p.heat_kw, hp.nominal_heat_kw, 1e-9);  // rated at A2/W35
    EXPECT_NEAR(p.power_kw * p.cop, p.heat_kw, 1e-9);
    EXPECT_LT(operating_point(hp, -15.0, 40.0).heat_kw, 0.7 * hp.nominal_heat_kw);
    OperatingPoint leak = operating_point(hp, 2.0, 40.0, 0.7, 0.6);
    EXPECT_NEAR(leak.heat_kw, 0.7 * p.heat_kw, 1e-9);
    EXPECT_NEAR(leak.cop, 0.6 * p.cop, 1e-9);
    EXPECT_EQ(start_ramp(hp, 0.0), 0.0);
    EXPECT_GT(start_ramp(hp, 5.0), 0.95);
}

TEST(Source, FrostGrowsInColdHumidAirOnly) {
    EXPECT_GT(frost_rate_per_h(1.0, 0.95), 1.0);
    EXPECT_EQ(frost_rate_per_h(1.0, 0.5), 0.0);
    EXPECT_EQ(frost_rate_per_h(10.0, 0.95), 0.0);
    EXPECT_LT(frost_rate_per_h(-12.0, 0.95), 0.1);
    AirCoil coil;
    coil.run(0.5, 1.0, 0.95);
    EXPECT_FALSE(coil.defrost_due());
    EXPECT_LT(coil.penalty(), 1.0);
    coil.run(0.5, 1.0, 0.95);
    EXPECT_TRUE(coil.defrost_due());
    coil.clear();
    EXPECT_EQ(coil.penalty(), 1.0);
}

TEST(Source, GroundLoopCoolsUnderExtractionAndRecovers) {
    HeatPumpParams hp;
    hp.brine_flow_kw_per_k = 1.5;
    GroundLoop g(hp, 10.0);
    for (int i = 0; i < 60; ++i) g.step(1.0 / 60.0, true, 4.5, 10.0, 15.0);
    EXPECT_NEAR(g.brine_in() - g.brine_out(), 3.0, 0.1);  // q / (m c_p)
    EXPECT_LT(g.brine_in(), 10.0 - 1.0);
    for (int i = 0; i < 24 * 60 * 3; ++i) g.step(1.0 / 60.0, true, 4.5, 10.0, 15.0);
    double loaded = g.borehole();
    EXPECT_LT(loaded, 10.0 - 0.5 * hp.borehole_k_per_kw * 4.5);
    for (int i = 0; i < 24 * 60 * 10; ++i) g.step(1.0 / 60.0, false, 0.0, 10.0, 15.0);
    EXPECT_GT(g.borehole(), loaded + 1.0);
    EXPECT_GT(g.brine_in(), 10.0);  // standing brine warms towards the plant room
}
