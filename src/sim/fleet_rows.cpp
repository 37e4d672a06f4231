#include "fleet_rows.hpp"

namespace heatloop::sim::rows {

void sensors_header(io::CsvBuffer& out) {
    out.row({"timestamp", "unit_id", "t_outdoor", "t_supply", "t_return", "t_tank_top",
             "t_tank_mid", "t_indoor", "compressor_power", "heat_output", "compressor_on", "mode",
             "t_brine_in", "t_brine_out"});
}

void sensors_row(io::CsvBuffer& out, const std::string& unit_id, const Sample& s) {
    out.timestamp(s.time).field(unit_id);
    for (Sensor t : {Sensor::t_outdoor, Sensor::t_supply, Sensor::t_return, Sensor::t_tank_top,
                     Sensor::t_tank_mid, Sensor::t_indoor})
        out.fixed(s.temp(t), 2);
    out.fixed(s.compressor_power, 3).fixed(s.heat_output, 3);
    out.field(s.compressor_on).field(s.mode);
    out.fixed(s.temp(Sensor::t_brine_in), 2).fixed(s.temp(Sensor::t_brine_out), 2);
    out.end_row();
}

void weather_header(io::CsvBuffer& out) {
    out.row({"timestamp", "location", "outdoor_temp", "solar_radiation", "relative_humidity"});
}

void weather_rows(io::CsvBuffer& out, const WeatherSeries& w, Timestamp start, Timestamp end) {
    for (std::size_t i = 0; i < w.size(); ++i) {
        Timestamp t = w.time(i);
        if (t < start || t >= end) continue;
        out.timestamp(t).field(w.climate.location).fixed(w.temp_c[i], 2);
        out.fixed(w.solar_w_m2[i], 1).fixed(100.0 * w.rel_humidity[i], 1);
        out.end_row();
    }
}

void smartmeter_header(io::CsvBuffer& out) {
    out.row({"id", "datetime", "load"});
}

void smartmeter_row(io::CsvBuffer& out, const std::string& id, Timestamp t, double kw) {
    out.field(id).timestamp(t).fixed(kw, 3);
    out.end_row();
}

void units_header(io::CsvBuffer& out) {
    out.row({"unit_id", "type", "location", "has_heat_meter", "has_room_sensor", "emitter",
             "ua_kw_per_k", "capacity_kwh_per_k", "time_constant_h", "indoor_setpoint_c",
             "design_temp_c", "hp_nominal_kw", "aux_heater_kw", "tank_volume_l", "dhw_setpoint_c",
             "dhw_hysteresis_k", "occupants", "latitude", "longitude"});
}

void units_row(io::CsvBuffer& out, const UnitConfig& u, const ClimateParams& c) {
    out.field(u.unit_id).field(source_type_name(u.hp.source)).field(u.location);
    out.field(u.has_heat_meter ? 1 : 0).field(u.has_room_sensor ? 1 : 0);
    out.field(u.loop.floor_heating ? "floor" : "radiator");
    out.fixed(u.house.ua_kw_per_k, 3).fixed(u.house.capacity_kwh_per_k, 2);
    out.fixed(u.house.time_constant_h(), 1).fixed(u.house.setpoint_c, 1);
    out.fixed(c.design_temp_c(), 1).fixed(u.hp.nominal_heat_kw, 1).fixed(u.hp.aux_heater_kw, 1);
    out.fixed(u.tank.volume_l, 0).fixed(u.tank.setpoint_c, 1).fixed(u.tank.hysteresis_k, 1);
    out.field(u.household.occupants).fixed(c.latitude_deg, 3).fixed(c.longitude_deg, 3);
    out.end_row();
}

void households_header(io::CsvBuffer& out) {
    out.row({"id", "has_heat_pump", "location", "occupants", "workers", "electric_water_heater"});
}

void households_row(io::CsvBuffer& out, const std::string& id, bool has_heat_pump,
                    const std::string& location, const HouseholdProfile& h) {
    out.field(id).field(has_heat_pump ? 1 : 0).field(location).field(h.occupants);
    out.field(h.workers).field(h.electric_water_heater ? 1 : 0);
    out.end_row();
}

void IntervalMeter::add(io::CsvBuffer& out, Timestamp t, Duration dt, double kw) {
    kwms_ += kw * static_cast<double>(dt);
    Timestamp end = t + dt;
    if ((end - start_) % interval_ == 0) {
        smartmeter_row(out, id_, end - interval_, kwms_ / static_cast<double>(interval_));
        kwms_ = 0;
    }
}

}  // namespace heatloop::sim::rows
