#include "heatloop/models/detectors/house_thermal.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "unit/models/synthetic.hpp"

using namespace heatloop;
using namespace heatloop::models;

TEST(HouseThermal, RecoversTheParametersOfTheHouseThatMadeTheData) {
    const synth::SynthOptions truth{
        .unit = "h1", .days = 10, .seed = 3, .tau_hours = 35, .capacity = 12, .gain = 0.15};
    HouseThermalDetector d;
    d.fit(std::vector<UnitFrame>{synth::synthetic_unit(truth)}, {});
    ASSERT_EQ(d.unit_models().count("h1"), 1u);
    const RcHouse& m = d.unit_models().at("h1");
    EXPECT_NEAR(m.tau_hours, 35, 35 * 0.05);
    EXPECT_NEAR(m.capacity_kwh_per_k, 12, 12 * 0.05);
    EXPECT_NEAR(m.gain_k_per_hour, 0.15, 0.05);
    // One unit: the fleet model is its model.
    EXPECT_EQ(d.fleet_model(), m);
}

TEST(HouseThermal, ModelledTemperatureTracksTheHouse) {
    const UnitFrame u = synth::synthetic_unit({.days = 6, .seed = 4});
    HouseThermalDetector d;
    d.fit(std::vector<UnitFrame>{u}, {});
    const auto sim = d.simulate(u);
    const auto& measured = u.at("t_indoor").values;
    double worst = 0;
    for (std::size_t i = 0; i < sim.size(); ++i)
        worst = std::max(worst, std::abs(sim[i] - measured[i]));
    EXPECT_LT(worst, 0.5);
}

TEST(HouseThermal, ScoreCrossesOneWhenTheHeatPumpFails) {
    HouseThermalDetector d;
    d.fit(std::vector<UnitFrame>{synth::synthetic_unit({.unit = "a", .days = 5, .seed = 1})}, {});
    const long fail = 3 * 1440;
    // A unit without an indoor sensor is scored with the fleet model.
    const UnitFrame test = synth::synthetic_unit(
        {.unit = "b", .days = 5, .seed = 2, .fail_at_minute = fail, .with_indoor = false});
    EXPECT_EQ(d.model_for("b"), d.fleet_model());
    const auto s = d.score(test);
    // Normal: the house is held at ~21 degC, i.e. about one margin above the alarm level.
    EXPECT_LT(synth::max_finite(s, 0, static_cast<std::size_t>(fail)), 0.5);
    // Failed: 20 - 1 degC is reached within a few hours and the deficit keeps growing.
    std::size_t first = s.size();
    for (std::size_t i = static_cast<std::size_t>(fail); i < s.size(); ++i)
        if (s[i] > 1) {
            first = i;
            break;
        }
    ASSERT_LT(first, s.size());
    EXPECT_LT(first - static_cast<std::size_t>(fail), 12u * 60);
    EXPECT_GT(s.back(), 3.0);
}

TEST(HouseThermal, FallsBackToTheDefaultHouseWithoutIndoorData) {
    HouseThermalDetector d;
    d.configure({{"default_tau_hours", 55.0}});
    d.fit(std::vector<UnitFrame>{synth::synthetic_unit({.days = 3, .with_indoor = false})}, {});
    EXPECT_TRUE(d.unit_models().empty());
    EXPECT_EQ(d.fleet_model().tau_hours, 55.0);
}

TEST(HouseThermal, HeatSourceChoosesTheInputChannel) {
    UnitFrame u = synth::synthetic_unit({.days = 3});
    u.remove("heat_output");
    HouseThermalDetector d;
    d.configure({{"heat_source", "heat_output"}});
    EXPECT_THROW(d.fit(std::vector<UnitFrame>{u}, {}), InvalidInputError);
    // compressor_power x cop is the same heat here (the synthetic COP is 3).
    d.configure({{"heat_source", "auto"}, {"cop", 3.0}});
    d.fit(std::vector<UnitFrame>{u}, {});
    EXPECT_NEAR(d.unit_models().at("u1").capacity_kwh_per_k, 10, 1.0);
}
