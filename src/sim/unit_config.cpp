#include "heatloop/sim/unit_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace heatloop::sim {

namespace {

double round_to(double v, double step) {
    return std::round(v / step) * step;
}

// Emitters and curve sized for the design day: the loop's mean water temperature at the
// design supply temperature must carry the design heat load into the rooms.
void size_heating(UnitConfig& u, double design_temp, double design_supply, double slope_trim) {
    double design_load = u.house.ua_kw_per_k * (u.house.setpoint_c - design_temp);
    double design_water = design_supply - 2.5;
    u.loop.emitter_kw_per_k = design_load / (design_water - u.house.setpoint_c);
    u.control.curve_slope = u.house.ua_kw_per_k / u.loop.emitter_kw_per_k * slope_trim;
    u.control.max_supply_c = std::min(55.0, design_supply + 6.0);
}

}  // namespace

std::string unit_id(int index) {
    return fmt::format("unit-{:04}", index + 1);
}
std::string household_id(int index) {
    return fmt::format("hh-{:04}", index + 1);
}
std::string location_name(int index) {
    return fmt::format("loc-{:02}", index + 1);
}

UnitConfig draw_unit_config(int index, const ClimateParams& climate, Rng& rng) {
    UnitConfig u;
    u.unit_id = unit_id(index);
    u.location = climate.location;
    bool ground = rng.bernoulli(0.3);
    u.hp.source = ground ? SourceType::ground : SourceType::air;
    u.has_heat_meter = rng.bernoulli(0.65);
    u.has_room_sensor = rng.bernoulli(0.7);

    u.house.ua_kw_per_k = round_to(rng.uniform(0.10, 0.30), 0.001);
    double tau_h = rng.uniform(30.0, 80.0);
    u.house.capacity_kwh_per_k = round_to(u.house.ua_kw_per_k * tau_h, 0.01);
    static constexpr std::array<double, 4> k_setpoints{20.0, 20.5, 21.0, 21.5};
    u.house.setpoint_c = k_setpoints[static_cast<std::size_t>(rng.uniform_int(0, 3))];
    u.house.solar_aperture_m2 = rng.uniform(1.5, 5.0);

    double design_temp = climate.design_temp_c();
    u.loop.floor_heating = rng.bernoulli(0.55);
    double design_supply = u.loop.floor_heating ? rng.uniform(33, 38) : rng.uniform(45, 55);
    u.loop.capacity_kwh_per_k =
        u.loop.floor_heating ? rng.uniform(0.5, 0.9) : rng.uniform(0.2, 0.4);
    size_heating(u, design_temp, design_supply, rng.uniform(1.0, 1.15));

    double design_load = u.house.ua_kw_per_k * (u.house.setpoint_c - design_temp);
    double sizing = ground ? rng.uniform(1.0, 1.25) : rng.uniform(1.3, 1.6);
    u.hp.nominal_heat_kw = std::max(3.0, round_to(design_load * sizing, 0.5));
    u.hp.carnot_efficiency = ground ? rng.uniform(0.52, 0.58) : rng.uniform(0.47, 0.53);
    u.hp.evaporator_approach_k = ground ? 5.0 : 8.0;
    u.hp.flow_kw_per_k = u.hp.nominal_heat_kw / 5.0;
    u.hp.brine_flow_kw_per_k = u.hp.nominal_heat_kw * 0.75 / 3.0;
    u.hp.aux_heater_kw = u.hp.nominal_heat_kw > 8.0 ? 6.0 : 3.0;
    u.hp.defrost_minutes = rng.uniform(4.0, 7.0);
    u.hp.borehole_k_per_kw = rng.uniform(1.5, 2.5);

    u.control.curve_offset_k = rng.uniform(1.5, 2.5);
    u.control.hysteresis_k = rng.uniform(3.0, 5.0);
    u.control.min_on_min = rng.uniform(10.0, 18.0);
    u.control.min_off_min = rng.uniform(10.0, 20.0);
    u.control.heating_limit_c = rng.uniform(14.0, 17.0);

    u.household = draw_household(rng);
    int occ = u.household.occupants;
    u.tank.volume_l = occ <= 2   ? (rng.bernoulli(0.5) ? 150.0 : 200.0)
                      : occ == 3 ? (rng.bernoulli(0.5) ? 200.0 : 250.0)
                                 : (rng.bernoulli(0.3) ? 250.0 : 300.0);
    u.tank.setpoint_c = round_to(rng.uniform(48.0, 53.0), 0.5);
    u.tank.hysteresis_k = round_to(rng.uniform(4.0, 6.5), 0.5);
    u.tank.loss_w_per_k = rng.uniform(1.2, 2.0);

    u.outdoor_sensor_bias_k = rng.uniform(-0.6, 0.6);
    u.outdoor_sensor_sun_k = rng.bernoulli(0.5) ? rng.uniform(1.0, 4.0) : 0.0;
    return u;
}

UnitConfig reference_unit_config(SourceType source) {
    UnitConfig u;
    u.unit_id = "unit-ref";
    u.location = "loc-ref";
    u.hp.source = source;
    u.house.ua_kw_per_k = 0.2;
    u.house.capacity_kwh_per_k = 10.0;  // 50 h
    u.house.setpoint_c = 20.5;
    u.house.solar_aperture_m2 = 3.0;
    u.loop.floor_heating = true;
    u.loop.capacity_kwh_per_k = 0.6;
    size_heating(u, -12.0, 35.0, 1.05);
    u.control.curve_offset_k = 2.0;
    u.hp.nominal_heat_kw = source == SourceType::air ? 9.0 : 7.5;
    u.hp.carnot_efficiency = source == SourceType::air ? 0.50 : 0.55;
    u.hp.evaporator_approach_k = source == SourceType::air ? 8.0 : 5.0;
    u.hp.flow_kw_per_k = u.hp.nominal_heat_kw / 5.0;
    u.hp.brine_flow_kw_per_k = u.hp.nominal_heat_kw * 0.75 / 3.0;
    u.hp.aux_heater_kw = 6.0;
    u.household.occupants = 3;
    u.household.workers = 2;
    u.household.showers.resize(3);
    u.tank.volume_l = 200.0;
    return u;
}

}  // namespace heatloop::sim
