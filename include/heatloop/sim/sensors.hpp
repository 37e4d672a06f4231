#pragma once
/// The measurement chain from true temperatures to what a unit reports: each sensor's
/// thermal lag (first order), white noise, and injected sensor faults (stuck, drift, spike).
/// Sensors a unit does not have read NaN.

#include <array>
#include <vector>

#include "heatloop/sim/faults.hpp"
#include "heatloop/sim/random.hpp"

namespace heatloop::sim {

struct UnitConfig;

/// One value per Sensor, indexed by static_cast<size_t>(Sensor).
using SensorValues = std::array<double, k_sensor_count>;

/// Turns true temperatures into measured ones, step by step.
class SensorChain {
public:
    /// Sensors of `unit`; `faults` may hold any categories (only sensor faults are used).
    /// `dt` is the step of measure() calls, `output_step` how long a spike stays visible.
    SensorChain(const UnitConfig& unit, const std::vector<Fault>& faults, std::uint64_t seed,
                Duration dt, Duration output_step);

    /// Measures the true values at t (steps of dt, times increasing).
    SensorValues measure(Timestamp t, const SensorValues& truth);
    /// Relative noise factor of a meter (power, heat): 1 + N(0, 1 %).
    double meter_factor() { return 1.0 + 0.01 * rng_.normal(); }
    /// True where the unit has the sensor.
    bool present(Sensor s) const noexcept { return present_[static_cast<std::size_t>(s)]; }

private:
    double apply_fault(const Fault& f, std::size_t i, Timestamp t, double value);

    Rng rng_;
    Duration spike_width_;
    std::array<bool, k_sensor_count> present_{};
    std::array<double, k_sensor_count> alpha_{}, noise_sd_{};
    SensorValues lagged_{}, last_{}, stuck_{};
    std::array<const Fault*, k_sensor_count> stuck_fault_{};
    std::vector<const Fault*> faults_;  // sensor faults, by start
    std::size_t next_fault_ = 0;
    bool started_ = false;
};

}  // namespace heatloop::sim
