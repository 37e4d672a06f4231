#pragma once
/// Heat sources: frost building up on an air-source evaporator (which forces reverse-cycle
/// defrosts in cold, humid weather) and the brine loop of a ground-source heat pump.

#include "heatloop/sim/heat_pump.hpp"

namespace heatloop::sim {

/// Frost growth on the outdoor coil while the compressor runs, in "defrosts per hour":
/// fastest near +1 degC in saturated air, nil in dry or warm air.
double frost_rate_per_h(double t_outdoor_c, double rel_humidity) noexcept;

/// Frost on an air-source evaporator: 0 clean, 1 = a defrost is due.
class AirCoil {
public:
    /// Grows the frost while running for dt_h hours.
    void run(double dt_h, double t_outdoor_c, double rel_humidity) noexcept {
        frost_ += dt_h * frost_rate_per_h(t_outdoor_c, rel_humidity);
    }
    /// Melts all frost (after a defrost).
    void clear() noexcept { frost_ = 0.0; }
    /// Current frost level.
    double frost() const noexcept { return frost_; }
    /// True when a defrost is due.
    bool defrost_due() const noexcept { return frost_ >= 1.0; }
    /// Capacity and COP factor of a frosted coil (up to 12 % lost just before a defrost).
    double penalty() const noexcept { return 1.0 - 0.12 * (frost_ > 1.0 ? 1.0 : frost_); }

private:
    double frost_ = 0.0;
};

/// The brine loop of a ground-source heat pump: a borehole that cools under sustained
/// extraction, and brine sensors that follow it while the brine pump runs and drift towards
/// the plant-room temperature while it is off.
class GroundLoop {
public:
    /// A loop in equilibrium with ground at t_ground.
    GroundLoop(const HeatPumpParams& hp, double t_ground);

    /// Advances by dt_h hours. `q_evap_kw` is the heat taken from the brine while running.
    void step(double dt_h, bool running, double q_evap_kw, double t_ground,
              double t_plant_room) noexcept;

    /// Brine entering the heat pump (from the ground).
    double brine_in() const noexcept { return in_; }
    /// Brine leaving the heat pump (to the ground).
    double brine_out() const noexcept { return out_; }
    /// Borehole wall temperature, lowered by the recent extraction.
    double borehole() const noexcept { return borehole_; }

private:
    double borehole_k_per_kw_, brine_flow_kw_per_k_;
    double extraction_kw_ = 0.0;  // ~3-day running mean of the extraction
    double borehole_, in_, out_;
};

}  // namespace heatloop::sim
