#include "heatloop/sim/tank.hpp"

#include <cmath>

namespace heatloop::sim {

Tank::Tank(const TankParams& params, double t_initial)
    : params_(params), layer_kwh_per_k_(params.volume_l / k_layers * k_water_kwh_per_l_k) {
    t_.fill(t_initial);
}

double Tank::draw(double litres, double t_cold) noexcept {
    if (litres <= 0) return 0.0;
    double e0 = energy_kwh();
    double layer_l = params_.volume_l / k_layers;
    // Upwind plug flow: each part moves at most half a layer, which keeps it stable.
    int parts = static_cast<int>(std::ceil(litres / (0.5 * layer_l)));
    double f = litres / layer_l / parts;
    constexpr std::size_t n = k_layers;
    for (int p = 0; p < parts; ++p) {
        for (std::size_t i = 0; i + 1 < n; ++i) t_[i] += f * (t_[i + 1] - t_[i]);
        t_[n - 1] += f * (t_cold - t_[n - 1]);
        // The inlet jet stirs the cold water into the layer above it.
        double mixed = 0.5 * f * (t_[n - 2] - t_[n - 1]);
        t_[n - 2] -= mixed;
        t_[n - 1] += mixed;
    }
    return e0 - energy_kwh();
}

void Tank::heat(double kwh) noexcept {
    if (kwh == 0) return;
    double per_layer = kwh / k_coil_layers / layer_kwh_per_k_;
    for (int i = k_layers - k_coil_layers; i < k_layers; ++i)
        t_[static_cast<std::size_t>(i)] += per_layer;
    mix_inversions();
}

double Tank::lose(double dt_h, double t_ambient) noexcept {
    double e0 = energy_kwh();
    if (dt_h != loss_dt_h_) {  // the step rarely changes: keep exp() out of the loop
        double ua_layer = params_.loss_w_per_k / 1000.0 / k_layers;
        loss_dt_h_ = dt_h;
        loss_share_ = 1.0 - std::exp(-dt_h * ua_layer / layer_kwh_per_k_);
    }
    double a = loss_share_;
    for (auto& t : t_) t += (t_ambient - t) * a;
    // Conduction through water and wall between neighbouring layers (0.5 W/K).
    constexpr double k_cond = 0.0005;
    double c = dt_h * k_cond / layer_kwh_per_k_;
    for (std::size_t i = 0; i + 1 < t_.size(); ++i) {
        double q = c * (t_[i] - t_[i + 1]) * 0.5;
        t_[i] -= q;
        t_[i + 1] += q;
    }
    return e0 - energy_kwh();
}

double Tank::coil_zone() const noexcept {
    double s = 0;
    for (int i = k_layers - k_coil_layers; i < k_layers; ++i) s += t_[static_cast<std::size_t>(i)];
    return s / k_coil_layers;
}

double Tank::energy_kwh() const noexcept {
    double s = 0;
    for (double t : t_) s += t;
    return s * layer_kwh_per_k_;
}

void Tank::mix_inversions() noexcept {
    // Merge each layer warmer than the one above into a mixed block, repeatedly, until the
    // column is stable (warm on top). Equal layer volumes make a block's mean its energy.
    for (int pass = 0; pass < k_layers; ++pass) {
        bool changed = false;
        for (std::size_t i = 1; i < t_.size(); ++i) {
            if (t_[i] <= t_[i - 1] + 1e-9) continue;
            std::size_t lo = i - 1;  // extend the block upwards while it stays unstable
            double sum = t_[i] + t_[lo];
            std::size_t count = 2;
            while (lo > 0 && sum / static_cast<double>(count) > t_[lo - 1]) {
                --lo;
                sum += t_[lo];
                ++count;
            }
            double mean = sum / static_cast<double>(count);
            for (std::size_t k = lo; k <= i; ++k) t_[k] = mean;
            changed = true;
        }
        if (!changed) break;
    }
}

}  // namespace heatloop::sim
