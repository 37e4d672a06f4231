#pragma once
/// Heating failures injected into a unit's recorded data (docs/testbench.md): from the
/// failure start, consumption stops (compressor power, heat output, compressor state,
/// auxiliary power and mode go to 0) and the physics follows with the simulator's
/// equations: the indoor temperature relaxes towards the outdoor temperature with the
/// house's time constant (sim::House), supply and return towards the indoor temperature
/// with the heating loop's (sim::HeatingLoop, about 40 min), the hot-water tank cools
/// with its standing loss (sim::TankParams, days).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/core/time.hpp"

namespace heatloop::testbench {

/// Channels whose values drop to 0 during a failure (the ones a frame has).
std::span<const std::string_view> consumption_channels() noexcept;

/// One injected failure: [start, end) on one unit, with the house time constant used.
struct InjectedFailure {
    std::string unit_id;
    Timestamp start = 0;  ///< t0: consumption stops here (inclusive)
    Timestamp end = 0;    ///< the unit works again here (exclusive)
    double tau_h = 40.0;  ///< house time constant the indoor temperature decays with
    bool operator==(const InjectedFailure&) const = default;
};

/// Time constant of the hydronic loop (water and emitters) with the circulation pump
/// running: sim::LoopParams' capacity / emitter coefficient, in hours.
double loop_time_constant_h() noexcept;

/// Time constant of the hot-water tank's standing loss: sim::TankParams' water capacity /
/// loss coefficient, in hours.
double tank_time_constant_h() noexcept;

/// Indoor temperature assumed where a unit has no t_indoor (sim::HouseParams' setpoint).
double default_indoor_c() noexcept;

/// A copy of `clean` with the failure injected; rows before failure.start and from
/// failure.end on are unchanged, missing cells stay missing. Temperatures start from the
/// last value present before the start (indoor: default_indoor_c() when there is none) and
/// follow the outdoor temperature of each row (the last one present when a row has none).
/// Throws InvalidInputError naming the unit for a frame without a regular grid, another
/// unit, end <= start, or tau_h not positive and finite.
UnitFrame inject_failure(const UnitFrame& clean, const InjectedFailure& failure);

}  // namespace heatloop::testbench
