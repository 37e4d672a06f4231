#include "heatloop/sim/heat_pump.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "heatloop/core/enum_names.hpp"

namespace heatloop::sim {

namespace {
constexpr double k_kelvin = 273.15;
constexpr std::array k_source_types{std::pair{SourceType::air, "ASHP"},
                                    std::pair{SourceType::ground, "GSHP"}};
}  // namespace

std::string_view source_type_name(SourceType type) noexcept {
    return enum_name(k_source_types, type);
}

double carnot_cop(double t_cond_c, double t_evap_c, double efficiency) noexcept {
    double tc = t_cond_c + k_kelvin;
    double lift = std::max(t_cond_c - t_evap_c, 5.0);
    // Compressors lose isentropic efficiency at small pressure ratios, so the Carnot
    // fraction shrinks at small lifts instead of letting the COP run away.
    double fraction = efficiency * (1.0 - std::exp(-lift / 15.0));
    return std::clamp(fraction * tc / lift, 1.0, 6.5);
}

double evaporating_temp(const HeatPumpParams& hp, double source_c) noexcept {
    return source_c - hp.evaporator_approach_k;
}

OperatingPoint operating_point(const HeatPumpParams& hp, double source_c, double t_cond_c,
                               double capacity_factor, double cop_factor) noexcept {
    // Capacity rises with the source temperature (denser suction gas) and falls slightly
    // with the condensing temperature; rated at A2/W35 or B0/W35 (condensing ~40 degC).
    bool air = hp.source == SourceType::air;
    double source_ref = air ? 2.0 : 0.0;
    double slope = air ? 0.025 : 0.02;
    double f = (1.0 + slope * (source_c - source_ref)) * (1.0 - 0.006 * (t_cond_c - 40.0));
    f = std::clamp(f, 0.35, 1.5) * capacity_factor;
    OperatingPoint p;
    p.cop =
        std::max(1.0, carnot_cop(t_cond_c, evaporating_temp(hp, source_c), hp.carnot_efficiency) *
                          cop_factor);
    p.heat_kw = hp.nominal_heat_kw * f;
    p.power_kw = p.heat_kw / p.cop;
    return p;
}

double start_ramp(const HeatPumpParams& hp, double minutes_on) noexcept {
    if (minutes_on <= 0) return 0.0;
    return 1.0 - std::exp(-minutes_on / hp.start_tau_min);
}

}  // namespace heatloop::sim
