#pragma once
/// One unit simulated step by step: weather and household drive the house, tank and heat
/// pump; the controller reacts to measured values; faults act on the machine and sensors.
/// Each step yields a Sample: the channels of sensors.csv plus the true state for tests and
/// the smart meter.

#include <array>
#include <functional>
#include <optional>
#include <vector>

#include "heatloop/sim/base_load.hpp"
#include "heatloop/sim/controller.hpp"
#include "heatloop/sim/faults.hpp"
#include "heatloop/sim/sensors.hpp"
#include "heatloop/sim/source.hpp"
#include "heatloop/sim/unit_config.hpp"
#include "heatloop/sim/weather.hpp"

namespace heatloop::sim {

/// Operating modes as reported in the `mode` channel.
enum class Mode { off = 0, space_heating = 1, hot_water = 2, defrost = 3 };

/// The true state behind a sample (means over the step for powers).
struct SampleTruth {
    SensorValues temps{};       ///< true temperatures (NaN where meaningless)
    double hp_heat_kw = 0;      ///< heat from the refrigerant cycle (negative in a defrost)
    double hp_power_kw = 0;     ///< compressor electrical power
    double cop = 0;             ///< hp_heat / hp_power while heating (NaN otherwise)
    double aux_kw = 0;          ///< auxiliary heater (heat = electricity)
    double hp_electric_kw = 0;  ///< everything the heat pump draws: compressor, aux, pumps, standby
    double base_load_kw = 0;    ///< household electricity without the heat pump
    double gains_kw = 0;        ///< internal and solar gains into the house
    double emitter_kw = 0;      ///< heat from the loop into the rooms
    double house_loss_kw = 0;   ///< heat lost by the house to the outside
    double draw_kw = 0;         ///< heat taken out of the tank by draws
    double tank_loss_kw = 0;    ///< standing loss of the tank
    double hot_water_l = 0;     ///< hot water drawn from the tank this step
    double house_kwh = 0, loop_kwh = 0, tank_kwh = 0;  ///< heat stored at the step's start
    double supply_setpoint_c = 0;
    int people_home = 0;
    std::optional<FaultCategory> fault;  ///< the fault active in this step
};

/// One output row of one unit: measured channels (NaN = not measured) and the truth.
struct Sample {
    Timestamp time = 0;
    SensorValues temps{};         ///< measured temperatures, indexed by Sensor
    double compressor_power = 0;  ///< kW, measured
    double heat_output = 0;       ///< kW, measured (NaN without a heat meter)
    int compressor_on = 0;
    int mode = 0;
    SampleTruth truth;

    /// A measured temperature.
    double temp(Sensor s) const noexcept { return temps[static_cast<std::size_t>(s)]; }
};

/// Simulates one unit forward from t0 in steps of `step`.
class UnitSimulator {
public:
    /// The weather and schedule must outlive the simulator and cover the simulated period.
    UnitSimulator(const UnitConfig& config, const WeatherSeries& weather,
                  const HouseholdSchedule& schedule, std::vector<Fault> faults,
                  std::uint64_t noise_seed, Timestamp t0, Duration step);
    UnitSimulator(const UnitSimulator&) = delete;  // members point into each other
    UnitSimulator& operator=(const UnitSimulator&) = delete;

    /// Simulates the step starting at now() and returns its sample (time = step start:
    /// temperatures at that instant, powers and modes over the step).
    const Sample& step();
    /// Start of the next step.
    Timestamp now() const noexcept { return now_; }
    /// The unit's configuration.
    const UnitConfig& config() const noexcept { return config_; }
    /// The injected faults.
    const std::vector<Fault>& faults() const noexcept { return faults_; }

private:
    void substep(Timestamp t, Duration dt, bool first);
    const Fault* active_fault(Timestamp t) noexcept;
    void start_compressor() noexcept;
    void stop_compressor() noexcept;
    SensorValues true_temps(double t_outdoor_sensor) const noexcept;

    UnitConfig config_;
    const WeatherSeries* weather_;
    const HouseholdSchedule* schedule_;
    std::vector<Fault> faults_;
    std::size_t fault_cursor_ = 0;
    Duration step_, substep_;
    int substeps_;
    Timestamp now_;

    House house_;
    HeatingLoop loop_;
    Tank tank_;
    AirCoil coil_;
    std::optional<GroundLoop> ground_;
    Controller controller_;
    SensorChain sensors_;
    BaseLoad base_load_;
    ActiveEvents<DrawEvent> draws_;

    // Machine state.
    bool on_ = false, hot_water_op_ = false, windows_open_ = false;
    bool aux_on_ = false, aux_high_limit_ = false, dhw_limit_ = false;
    bool lockout_by_fault_ = false;
    double on_min_ = 0, off_min_ = 1e9, ramp_min_ = 0, space_run_min_ = 0;
    double defrost_left_min_ = 0, lockout_left_min_ = 0;
    double supply_ = 0, return_ = 0;  // true temperatures at the heat pump's sensors
    Sample sample_;
};

/// Runs a unit over [start, end) in steps of `step` and passes each sample with
/// time >= output_from to `sink` (earlier steps warm the model up).
void simulate_unit(const UnitConfig& config, const WeatherSeries& weather,
                   const HouseholdSchedule& schedule, std::vector<Fault> faults,
                   std::uint64_t noise_seed, Timestamp start, Timestamp end, Duration step,
                   Timestamp output_from, const std::function<void(const Sample&)>& sink);

}  // namespace heatloop::sim
