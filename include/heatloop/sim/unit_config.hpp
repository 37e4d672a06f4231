#pragma once
/// Everything that makes one simulated unit what it is: its house, heating loop, heat pump,
/// controller settings, hot-water tank, household and sensor set, drawn from the unit's own
/// random stream. Units are grouped four to a location (they share its weather).

#include <string>

#include "heatloop/sim/controller.hpp"
#include "heatloop/sim/heat_pump.hpp"
#include "heatloop/sim/house.hpp"
#include "heatloop/sim/routine.hpp"
#include "heatloop/sim/tank.hpp"
#include "heatloop/sim/weather.hpp"

namespace heatloop::sim {

/// The full description of one unit.
struct UnitConfig {
    std::string unit_id;
    std::string location;
    bool has_heat_meter = true;   ///< heat_output is measured
    bool has_room_sensor = true;  ///< t_indoor is measured (and used by the controller)
    HouseParams house;
    LoopParams loop;
    HeatPumpParams hp;
    ControlParams control;
    TankParams tank;
    HouseholdProfile household;
    double outdoor_sensor_bias_k = 0.0;  ///< placement error of the outdoor sensor
    double outdoor_sensor_sun_k = 0.0;   ///< its warming in full sun, per kW/m2
};

/// Units per location.
inline constexpr int k_units_per_location = 4;

/// Id of the unit with 0-based index i: "unit-0001" (wider past 9999 units).
std::string unit_id(int index);
/// Id of the extra household (without heat pump) with 0-based index i: "hh-0001".
std::string household_id(int index);
/// Location index of a unit: units 0-3 share location 0, and so on.
inline int location_index(int unit_index) noexcept {
    return unit_index / k_units_per_location;
}
/// Name of location i: "loc-01".
std::string location_name(int index);

/// Draws unit `index` at a location with the given climate.
UnitConfig draw_unit_config(int index, const ClimateParams& climate, Rng& rng);

/// A healthy, typical unit with fixed parameters (for tests and examples): an air-source
/// heat pump in a 0.2 kW/K, 50 h house with floor heating, room sensor and heat meter.
UnitConfig reference_unit_config(SourceType source = SourceType::air);

}  // namespace heatloop::sim
