#include "heatloop/sim/sensors.hpp"

#include <cmath>

#include "heatloop/sim/unit_config.hpp"

namespace heatloop::sim {

namespace {

// Resolution of every reported temperature [K].
constexpr double k_resolution_k = 0.1;

struct SensorSpec {
    double tau_min;  // thermal lag of the sensor in its pocket or housing
    double noise_k;  // white noise SD of the readout (NTC and ADC, below the resolution)
};

// Same order as Sensor.
constexpr std::array<SensorSpec, k_sensor_count> k_specs{{
    {5.0, 0.02},   // t_outdoor: shielded housing
    {0.7, 0.02},   // t_supply: pipe contact sensor
    {0.7, 0.02},   // t_return
    {1.5, 0.02},   // t_tank_top: immersion pocket
    {1.5, 0.02},   // t_tank_mid
    {10.0, 0.02},  // t_indoor: room unit
    {1.0, 0.02},   // t_brine_in
    {1.0, 0.02},   // t_brine_out
}};

}  // namespace

SensorChain::SensorChain(const UnitConfig& unit, const std::vector<Fault>& faults,
                         std::uint64_t seed, Duration dt, Duration output_step)
    : rng_(seed), spike_width_(std::max<Duration>(output_step, k_minute_ms)) {
    present_.fill(true);
    present_[static_cast<std::size_t>(Sensor::t_indoor)] = unit.has_room_sensor;
    bool ground = unit.hp.source == SourceType::ground;
    present_[static_cast<std::size_t>(Sensor::t_brine_in)] = ground;
    present_[static_cast<std::size_t>(Sensor::t_brine_out)] = ground;
    double dt_min = static_cast<double>(dt) / k_minute_ms;
    for (std::size_t i = 0; i < k_sensor_count; ++i) {
        alpha_[i] = 1.0 - std::exp(-dt_min / k_specs[i].tau_min);
        noise_sd_[i] = k_specs[i].noise_k;
    }
    for (const Fault& f : faults)
        if (f.category == FaultCategory::sensor_fault) faults_.push_back(&f);
}

double SensorChain::apply_fault(const Fault& f, std::size_t i, Timestamp t, double value) {
    switch (f.sensor_kind) {
        case SensorFaultKind::stuck:
            if (stuck_fault_[i] != &f) {  // freezes at the last reading before the fault
                stuck_fault_[i] = &f;
                stuck_[i] = last_[i];
            }
            return stuck_[i];
        case SensorFaultKind::drift: {
            double progress =
                static_cast<double>(t - f.start) / static_cast<double>(f.end - f.start);
            return value + f.magnitude_k * progress;
        }
        case SensorFaultKind::spike:
            for (std::size_t k = 0; k < f.spikes.size(); ++k) {
                if (t >= f.spikes[k] && t < f.spikes[k] + spike_width_) {
                    double sign =
                        (mix64(static_cast<std::uint64_t>(f.spikes[k])) & 1u) ? 1.0 : -1.0;
                    return value + sign * f.magnitude_k;
                }
                if (f.spikes[k] > t) break;
            }
            return value;
    }
    return value;
}

SensorValues SensorChain::measure(Timestamp t, const SensorValues& truth) {
    if (!started_) {
        lagged_ = truth;
        last_ = truth;
        started_ = true;
    }
    while (next_fault_ < faults_.size() && faults_[next_fault_]->end <= t) ++next_fault_;
    const Fault* fault = next_fault_ < faults_.size() && faults_[next_fault_]->active(t)
                             ? faults_[next_fault_]
                             : nullptr;
    SensorValues out;
    for (std::size_t i = 0; i < k_sensor_count; ++i) {
        if (!present_[i]) {
            out[i] = std::nan("");
            continue;
        }
        lagged_[i] += (truth[i] - lagged_[i]) * alpha_[i];
        double v = lagged_[i] + noise_sd_[i] * rng_.normal();
        if (fault && static_cast<std::size_t>(fault->sensor) == i) v = apply_fault(*fault, i, t, v);
        // Controllers report whole tenths of a degree (Modbus int16 x 0.1 degC), so a steady
        // temperature reads flat for hours, as real data does, and a flat line alone does not
        // give a stuck sensor away.
        v = std::round(v / k_resolution_k) * k_resolution_k;
        out[i] = v;
        last_[i] = v;
    }
    return out;
}

}  // namespace heatloop::sim
