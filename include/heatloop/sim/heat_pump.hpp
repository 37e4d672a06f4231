#pragma once
/// The heat pump as a machine: capacity and COP from the source and condensing
/// temperatures (a fixed fraction of the Carnot COP), a start-up ramp, and its electrical
/// extras (auxiliary heater, pumps, standby). Control lives in controller.hpp, the heat
/// source (frost on the air coil, the ground loop) in source.hpp.

#include <string_view>

namespace heatloop::sim {

/// Where the heat comes from.
enum class SourceType { air, ground };

/// "ASHP" or "GSHP", the unit type written to units.csv.
std::string_view source_type_name(SourceType type) noexcept;

/// Parameters of one heat pump.
struct HeatPumpParams {
    SourceType source = SourceType::air;
    double nominal_heat_kw = 8.0;        ///< heat output at A2/W35 (air) or B0/W35 (ground)
    double carnot_efficiency = 0.50;     ///< fraction of the Carnot COP reached
    double flow_kw_per_k = 1.6;          ///< loop flow m_dot c_p: a 5 K spread at nominal heat
    double condenser_approach_k = 3.0;   ///< condensing temperature above the supply
    double evaporator_approach_k = 8.0;  ///< evaporating temperature below the source
    double start_tau_min = 1.5;          ///< time constant of the heat output after a start
    double max_condensing_c = 63.0;      ///< high-pressure limit
    double aux_heater_kw = 3.0;          ///< electric back-up heater in the supply line
    double pump_kw = 0.045;              ///< circulation pump
    double brine_pump_kw = 0.08;         ///< ground-loop pump (ground source only)
    double standby_kw = 0.012;           ///< controller and electronics
    double borehole_k_per_kw = 2.0;      ///< borehole cooling per kW of sustained extraction
    double brine_flow_kw_per_k = 1.8;    ///< brine m_dot c_p (ground source only)
    double defrost_minutes = 5.0;        ///< length of a reverse-cycle defrost (air only)
};

/// Heat output, electrical input and COP at one moment.
struct OperatingPoint {
    double heat_kw = 0;
    double power_kw = 0;
    double cop = 0;
};

/// COP = efficiency * (1 - exp(-lift / 15 K)) * T_cond / lift, lift = T_cond - T_evap, with
/// temperatures in kelvin, limited to [1, 6.5]. The factor on the efficiency models the
/// compressor's poorer efficiency at small pressure ratios.
double carnot_cop(double t_cond_c, double t_evap_c, double efficiency) noexcept;

/// The evaporating temperature for a source temperature (outdoor air or brine entering).
double evaporating_temp(const HeatPumpParams& hp, double source_c) noexcept;

/// Steady-state operating point at a source temperature and condensing temperature.
/// `capacity_factor` and `cop_factor` (1 = healthy) carry frost and fault effects.
OperatingPoint operating_point(const HeatPumpParams& hp, double source_c, double t_cond_c,
                               double capacity_factor = 1.0, double cop_factor = 1.0) noexcept;

/// Share of the steady heat output reached `minutes_on` after a start.
double start_ramp(const HeatPumpParams& hp, double minutes_on) noexcept;

}  // namespace heatloop::sim
