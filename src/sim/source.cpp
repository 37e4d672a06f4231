#include "heatloop/sim/source.hpp"

#include <algorithm>
#include <cmath>

namespace heatloop::sim {

double frost_rate_per_h(double t_outdoor_c, double rel_humidity) noexcept {
    if (t_outdoor_c > 7.0 || t_outdoor_c < -20.0) return 0.0;
    // Moist air near freezing carries the most water onto a coil below 0 degC; colder air
    // holds little water.
    double humidity = std::clamp((rel_humidity - 0.55) / 0.4, 0.0, 1.2);
    double x = (t_outdoor_c - 1.0) / 5.0;
    return 1.6 * humidity * std::exp(-x * x);
}

GroundLoop::GroundLoop(const HeatPumpParams& hp, double t_ground)
    : borehole_k_per_kw_(hp.borehole_k_per_kw),
      brine_flow_kw_per_k_(hp.brine_flow_kw_per_k),
      borehole_(t_ground),
      in_(t_ground),
      out_(t_ground) {}

void GroundLoop::step(double dt_h, bool running, double q_evap_kw, double t_ground,
                      double t_plant_room) noexcept {
    constexpr double mean_tau_h = 72.0;
    double q = running ? q_evap_kw : 0.0;
    extraction_kw_ += (q - extraction_kw_) * (1.0 - std::exp(-dt_h / mean_tau_h));
    borehole_ = t_ground - borehole_k_per_kw_ * extraction_kw_;
    double target_in, target_out, tau_h;
    if (running) {
        // Brine returns from the borehole a little below the wall temperature (the fluid to
        // wall resistance) and leaves the evaporator colder by q / (m c_p).
        target_in = borehole_ - 0.25 * q;
        target_out = target_in - q / brine_flow_kw_per_k_;
        tau_h = 3.0 / 60.0;
    } else {
        // Standing brine in the pipes near the heat pump drifts towards the room.
        target_in = target_out = borehole_ + 0.35 * (t_plant_room - borehole_);
        tau_h = 45.0 / 60.0;
    }
    double a = 1.0 - std::exp(-dt_h / tau_h);
    in_ += (target_in - in_) * a;
    out_ += (target_out - out_) * a;
}

}  // namespace heatloop::sim
