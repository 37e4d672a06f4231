#pragma once
/// Faults the simulator injects, and where they go: each unit gets a few faults over the
/// period, placed without overlap from its own random stream, so most of the time is normal.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/time.hpp"
#include "heatloop/sim/random.hpp"

namespace heatloop::sim {

/// Fault categories; their names are the label categories of DESIGN.md "Labels".
enum class FaultCategory {
    compressor_failure,   ///< the compressor stops; the house cools at its time constant
    refrigerant_leak,     ///< capacity and COP fall gradually over days until a refill
    sensor_fault,         ///< one temperature sensor stuck, drifting or spiking
    short_cycling,        ///< the compressor trips after minutes and restarts, again and again
    circulation_failure,  ///< the circulation pump stops: supply overheats, rooms cool
    aux_heater_stuck,     ///< the electric back-up heater stays on
};

/// Every category, in declaration order.
inline constexpr std::array<FaultCategory, 6> k_fault_categories{
    FaultCategory::compressor_failure,  FaultCategory::refrigerant_leak,
    FaultCategory::sensor_fault,        FaultCategory::short_cycling,
    FaultCategory::circulation_failure, FaultCategory::aux_heater_stuck};

/// Label category name ("compressor_failure", ...).
std::string_view category_name(FaultCategory c) noexcept;
/// The category with this name, or nullopt.
std::optional<FaultCategory> parse_category(std::string_view name) noexcept;

/// The ways a sensor fails.
enum class SensorFaultKind { stuck, drift, spike };
/// "stuck", "drift" or "spike".
std::string_view sensor_fault_kind_name(SensorFaultKind k) noexcept;

/// The temperature sensors of a unit, in sensors.csv column order.
enum class Sensor {
    t_outdoor,
    t_supply,
    t_return,
    t_tank_top,
    t_tank_mid,
    t_indoor,
    t_brine_in,
    t_brine_out
};
/// Number of Sensor values.
inline constexpr std::size_t k_sensor_count = 8;
/// Channel name of a sensor ("t_supply", ...).
std::string_view sensor_name(Sensor s) noexcept;

/// One injected fault, active over [start, end) (onset to repair).
struct Fault {
    FaultCategory category = FaultCategory::compressor_failure;
    Timestamp start = 0, end = 0;
    double leak_cop_loss = 0.0;        ///< refrigerant_leak: COP lost at the end (share)
    double run_limit_min = 0.0;        ///< short_cycling: minutes of running before a trip
    double restart_min = 0.0;          ///< short_cycling: minutes before it restarts
    Sensor sensor = Sensor::t_supply;  ///< sensor_fault: which sensor
    SensorFaultKind sensor_kind = SensorFaultKind::stuck;
    double magnitude_k = 0.0;       ///< drift: offset reached at the end; spike: amplitude
    std::vector<Timestamp> spikes;  ///< spike: times of the spikes (one step each)

    /// True while the fault is active.
    bool active(Timestamp t) const noexcept { return t >= start && t < end; }
    /// What was injected, for the notes of the ground-truth label.
    std::string describe() const;
};

/// Knobs of fault placement.
struct FaultPlanOptions {
    double faults_per_year = 3.5;  ///< expected faults per unit-year (at least one per unit)
    double max_share = 0.25;       ///< at most this share of the period is faulty
};

/// What fault placement needs to know about a unit.
struct UnitTraits {
    bool ground_source = false;
    bool has_room_sensor = true;
};

/// Places a unit's faults in [start, end), sorted by start and never overlapping. Failures
/// that show in space heating (compressor, circulation, short cycling) are placed in the
/// heating season (October to April) when the period has one.
std::vector<Fault> plan_faults(const UnitTraits& unit, Timestamp start, Timestamp end, Rng& rng,
                               const FaultPlanOptions& options = {});

}  // namespace heatloop::sim
