#include "heatloop/sim/house.hpp"

#include <cmath>

namespace heatloop::sim {

double House::step(double dt_h, double t_out, double q_in_kw, bool windows_open) noexcept {
    double ua = params_.ua_kw_per_k * (windows_open ? 1.0 + params_.window_ua_factor : 1.0);
    double c = params_.capacity_kwh_per_k;
    // Exact solution of the linear ODE for constant inputs: relax towards the equilibrium.
    double t_eq = t_out + q_in_kw / ua;
    double t_new = t_eq + (t_ - t_eq) * std::exp(-dt_h * ua / c);
    // Loss = input - stored, which is what the exact integral of UA (T - T_out) equals.
    double loss = q_in_kw * dt_h - c * (t_new - t_);
    t_ = t_new;
    return loss;
}

double HeatingLoop::step(double dt_h, double t_indoor, double q_in_kw,
                         double emitter_factor) noexcept {
    double k = params_.emitter_kw_per_k * emitter_factor;
    double c = params_.capacity_kwh_per_k;
    double t_new;
    if (k <= 1e-9) {
        t_new = t_ + q_in_kw * dt_h / c;
    } else {
        double t_eq = t_indoor + q_in_kw / k;
        t_new = t_eq + (t_ - t_eq) * std::exp(-dt_h * k / c);
    }
    double delivered = q_in_kw * dt_h - c * (t_new - t_);
    t_ = t_new;
    return delivered;
}

}  // namespace heatloop::sim
