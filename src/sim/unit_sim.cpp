#include "heatloop/sim/unit_sim.hpp"

#include <algorithm>
#include <cmath>

namespace heatloop::sim {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double k_plant_room_c = 15.0;  // where the heat pump and tank stand
constexpr double k_trip_lockout_min = 10.0;
constexpr double k_aux_high_limit_c = 70.0;

std::size_t idx(Sensor s) {
    return static_cast<std::size_t>(s);
}

// Loop water temperature where the emitters carry the house's loss at t_out.
double steady_water_temp(const UnitConfig& u, double t_out) {
    double load = u.house.ua_kw_per_k * std::max(0.0, u.house.setpoint_c - t_out);
    return u.house.setpoint_c + load / u.loop.emitter_kw_per_k;
}

}  // namespace

UnitSimulator::UnitSimulator(const UnitConfig& config, const WeatherSeries& weather,
                             const HouseholdSchedule& schedule, std::vector<Fault> faults,
                             std::uint64_t noise_seed, Timestamp t0, Duration step)
    : config_(config),
      weather_(&weather),
      schedule_(&schedule),
      faults_(std::move(faults)),
      step_(step),
      substep_(0),
      substeps_(static_cast<int>((step + k_minute_ms - 1) / k_minute_ms)),
      now_(t0),
      house_(config_.house, config_.house.setpoint_c),
      loop_(config_.loop, steady_water_temp(config_, weather.at(t0).temp_c)),
      tank_(config_.tank, config_.tank.setpoint_c - 2.0),
      controller_(config_.control, config_.house.setpoint_c, config_.tank, weather.at(t0).temp_c),
      sensors_(config_, faults_, noise_seed, step / std::max(1, substeps_), step),
      base_load_(config_.household, schedule),
      draws_(schedule.draws) {
    substep_ = step_ / substeps_;
    if (config_.hp.source == SourceType::ground)
        ground_.emplace(config_.hp, ground_temperature(weather.climate, t0));
    supply_ = return_ = loop_.t_water();
}

const Fault* UnitSimulator::active_fault(Timestamp t) noexcept {
    while (fault_cursor_ < faults_.size() && faults_[fault_cursor_].end <= t) ++fault_cursor_;
    if (fault_cursor_ < faults_.size() && faults_[fault_cursor_].active(t))
        return &faults_[fault_cursor_];
    return nullptr;
}

void UnitSimulator::start_compressor() noexcept {
    on_ = true;
    on_min_ = ramp_min_ = 0;
}

void UnitSimulator::stop_compressor() noexcept {
    on_ = false;
    off_min_ = 0;
    space_run_min_ = 0;
    defrost_left_min_ = 0;
}

SensorValues UnitSimulator::true_temps(double t_outdoor_sensor) const noexcept {
    SensorValues v;
    v[idx(Sensor::t_outdoor)] = t_outdoor_sensor;
    v[idx(Sensor::t_supply)] = supply_;
    v[idx(Sensor::t_return)] = return_;
    v[idx(Sensor::t_tank_top)] = tank_.top();
    v[idx(Sensor::t_tank_mid)] = tank_.mid();
    v[idx(Sensor::t_indoor)] = house_.t_indoor();
    v[idx(Sensor::t_brine_in)] = ground_ ? ground_->brine_in() : k_nan;
    v[idx(Sensor::t_brine_out)] = ground_ ? ground_->brine_out() : k_nan;
    return v;
}

const Sample& UnitSimulator::step() {
    sample_ = Sample{};
    sample_.time = now_;
    for (int k = 0; k < substeps_; ++k) {
        Timestamp t = now_ + k * substep_;
        Duration dt = k + 1 == substeps_ ? step_ - k * substep_ : substep_;
        substep(t, dt, k == 0);
    }
    // Powers were summed weighted by substep length: turn them into means.
    SampleTruth& tr = sample_.truth;
    double w = 1.0 / static_cast<double>(step_);
    for (double* p : {&tr.hp_heat_kw, &tr.hp_power_kw, &tr.aux_kw, &tr.hp_electric_kw,
                      &tr.base_load_kw, &tr.gains_kw, &tr.emitter_kw, &tr.house_loss_kw,
                      &tr.draw_kw, &tr.tank_loss_kw, &sample_.compressor_power})
        *p *= w;
    if (!std::isnan(sample_.heat_output)) sample_.heat_output *= w;
    tr.cop = tr.hp_power_kw > 0 && tr.hp_heat_kw > 0 ? tr.hp_heat_kw / tr.hp_power_kw : k_nan;
    now_ += step_;
    return sample_;
}

void UnitSimulator::substep(Timestamp t, Duration dt, bool first) {
    const UnitConfig& u = config_;
    const HeatPumpParams& hp = u.hp;
    double dt_h = static_cast<double>(dt) / k_hour_ms;
    double dt_min = dt_h * 60.0;
    auto weight = static_cast<double>(dt);

    // Environment and household.
    WeatherPoint w = weather_->at(t);
    double base_kw = base_load_.kw(t, dt, w.solar_w_m2);
    Occupancy occ = base_load_.occupancy();
    double gains = occ.people_home * (occ.awake ? 0.10 : 0.07) + 0.8 * base_kw +
                   u.house.solar_aperture_m2 * w.solar_w_m2 / 1000.0;
    double t_in = house_.t_indoor();
    // Occupants air an overheated house when the outside is cooler (also at night).
    if (occ.people_home > 0 && t_in > 24.5 && w.temp_c < t_in - 2.0) windows_open_ = true;
    if (t_in < 23.5 || occ.people_home == 0 || w.temp_c > t_in) windows_open_ = false;

    const Fault* fault = active_fault(t);
    auto is = [&](FaultCategory c) { return fault && fault->category == c; };
    bool failed = is(FaultCategory::compressor_failure);
    bool circulation_failed = is(FaultCategory::circulation_failure);
    double leak = 0.0;
    if (is(FaultCategory::refrigerant_leak))
        leak = fault->leak_cop_loss * static_cast<double>(t - fault->start) /
               static_cast<double>(fault->end - fault->start);

    // Measure, then let the controller decide on what it measured.
    double t_out_sensor =
        w.temp_c + u.outdoor_sensor_bias_k + u.outdoor_sensor_sun_k * w.solar_w_m2 / 1000.0;
    SensorValues truth = true_temps(t_out_sensor);
    SensorValues measured = sensors_.measure(t, truth);
    ControlInputs in;
    in.t_outdoor = measured[idx(Sensor::t_outdoor)];
    in.t_supply = measured[idx(Sensor::t_supply)];
    in.t_return = measured[idx(Sensor::t_return)];
    in.t_indoor = measured[idx(Sensor::t_indoor)];
    in.t_tank_top = measured[idx(Sensor::t_tank_top)];
    in.t_tank_mid = measured[idx(Sensor::t_tank_mid)];
    in.hot_water_running = on_ && hot_water_op_ && defrost_left_min_ <= 0;
    in.condensing_limit = dhw_limit_;
    Request req = controller_.update(in, dt_h);

    // Compressor state machine.
    bool can_run = !failed && lockout_left_min_ <= 0;
    if (on_) {
        if (!can_run || (req == Request::none && on_min_ >= u.control.min_on_min))
            stop_compressor();
    } else if (can_run && req != Request::none && off_min_ >= u.control.min_off_min) {
        start_compressor();
    }
    if (on_ && req != Request::none) {
        bool dhw = req == Request::hot_water;
        if (dhw != hot_water_op_) ramp_min_ = 0;  // the valve switches circuits
        hot_water_op_ = dhw;
    } else if (on_) {
        hot_water_op_ = false;  // running out its minimum time: into the heating loop
    }
    bool air = hp.source == SourceType::air;
    if (air && on_ && defrost_left_min_ <= 0 && coil_.defrost_due())
        defrost_left_min_ = hp.defrost_minutes;
    bool defrosting = on_ && defrost_left_min_ > 0;

    // Operating point.
    double q = 0, p = 0;
    dhw_limit_ = false;
    double spread = hp.nominal_heat_kw / hp.flow_kw_per_k;
    if (defrosting) {
        // Reverse cycle: heat is pulled out of the heating water to melt the ice.
        q = -0.35 * hp.nominal_heat_kw;
        p = 0.2 * hp.nominal_heat_kw;
    } else if (on_) {
        double source = air ? w.temp_c : ground_->brine_in();
        double t_cond =
            (hot_water_op_ ? tank_.coil_zone() + u.tank.coil_approach_k : loop_.t_water()) +
            0.5 * spread + hp.condenser_approach_k;
        double frost = air ? coil_.penalty() : 1.0;
        OperatingPoint op =
            operating_point(hp, source, t_cond, frost * (1.0 - 0.8 * leak), frost * (1.0 - leak));
        double ramp = start_ramp(hp, ramp_min_ + 0.5 * dt_min);
        q = op.heat_kw * ramp;
        p = op.power_kw * (0.75 + 0.25 * ramp);
        dhw_limit_ = hot_water_op_ && t_cond >= hp.max_condensing_c;
    }

    // Auxiliary heater: normally only when the heat pump alone has not caught up after
    // 90 minutes of space heating; a stuck relay keeps it on. A high-limit thermostat
    // protects the loop either way.
    if (on_ && !hot_water_op_ && !defrosting) space_run_min_ += dt_min;
    double sp = controller_.supply_setpoint();
    double water = 0.5 * (in.t_supply + in.t_return);
    bool lagging =
        std::isnan(in.t_indoor) ? water < sp - 7.0 : in.t_indoor < u.house.setpoint_c - 1.0;
    bool recovered =
        std::isnan(in.t_indoor) ? water > sp - 3.5 : in.t_indoor > u.house.setpoint_c - 0.3;
    if (on_ && !hot_water_op_ && space_run_min_ >= 90.0 && lagging) aux_on_ = true;
    if (!on_ || hot_water_op_ || recovered) aux_on_ = false;
    if (loop_.t_water() > k_aux_high_limit_c) aux_high_limit_ = true;
    if (loop_.t_water() < k_aux_high_limit_c - 8.0) aux_high_limit_ = false;
    bool aux = (aux_on_ || is(FaultCategory::aux_heater_stuck)) && !aux_high_limit_;
    double q_aux = aux ? hp.aux_heater_kw : 0.0;

    // Hydraulics: sensor temperatures at the heat pump for the next reading.
    bool pump_on =
        !circulation_failed && (controller_.heating_enabled() || (on_ && !hot_water_op_) || aux);
    double flow = hp.flow_kw_per_k * (circulation_failed ? 0.05 : 1.0);
    double q_loop = (on_ && (!hot_water_op_ || defrosting) ? q : 0.0) + q_aux;
    bool tripped = false;
    if (on_ && hot_water_op_ && !defrosting) {
        supply_ = tank_.coil_zone() + u.tank.coil_approach_k + 0.5 * q / flow;
        return_ = supply_ - q / flow;
    } else if (pump_on || q_loop != 0.0) {
        supply_ = loop_.t_water() + 0.5 * q_loop / flow;
        return_ = loop_.t_water() - 0.5 * q_loop / flow;
    } else {
        supply_ = return_ = loop_.t_water();
    }
    if (on_ && !defrosting && supply_ > hp.max_condensing_c - hp.condenser_approach_k)
        tripped = true;  // high-pressure switch

    // Integrate the physics.
    double house_kwh = house_.energy_kwh(), loop_kwh = loop_.energy_kwh();
    double tank_kwh = tank_.energy_kwh();
    double emitter = circulation_failed ? 0.12 : (pump_on ? 1.0 : 0.08);
    double delivered = loop_.step(dt_h, t_in, q_loop, emitter);
    double loss = house_.step(dt_h, w.temp_c, delivered / dt_h + gains, windows_open_);
    double t_cold = cold_water_temperature(weather_->climate, t);
    double hot_l = 0;
    draws_.seek(t, t + dt);
    for (const DrawEvent* e : draws_.active()) {
        Timestamp a = std::max(t, e->start), b = std::min(t + dt, e->end());
        double minutes = static_cast<double>(b - a) / k_minute_ms;
        double hot_share = (e->temp_c - t_cold) / std::max(1.0, tank_.top() - t_cold);
        hot_l += minutes * e->flow_l_min * std::clamp(hot_share, 0.0, 1.0);
    }
    double drawn = tank_.draw(hot_l, t_cold);
    if (on_ && hot_water_op_ && !defrosting) tank_.heat(q * dt_h);
    double tank_loss = tank_.lose(dt_h, 0.5 * t_in + 0.5 * k_plant_room_c);
    if (ground_)
        ground_->step(dt_h, on_ && !defrosting, q - p, ground_temperature(weather_->climate, t),
                      k_plant_room_c);
    if (air && on_ && !defrosting) coil_.run(dt_h, w.temp_c, w.rel_humidity);

    // Record.
    double electric = p + q_aux + hp.standby_kw + (pump_on ? hp.pump_kw : 0.0) +
                      (ground_ && on_ ? hp.brine_pump_kw : 0.0);
    SampleTruth& tr = sample_.truth;
    if (first) {
        sample_.temps = measured;
        truth[idx(Sensor::t_outdoor)] = w.temp_c;
        tr.temps = truth;
        tr.house_kwh = house_kwh;
        tr.loop_kwh = loop_kwh;
        tr.tank_kwh = tank_kwh;
        tr.supply_setpoint_c = sp;
        tr.people_home = occ.people_home;
        if (fault) tr.fault = fault->category;
        sample_.compressor_on = on_ ? 1 : 0;
        Mode mode = Mode::off;
        if (defrosting)
            mode = Mode::defrost;
        else if (on_)
            mode = hot_water_op_ ? Mode::hot_water : Mode::space_heating;
        else if ((failed || lockout_by_fault_) && req != Request::none)
            mode = req == Request::hot_water ? Mode::hot_water : Mode::space_heating;
        sample_.mode = static_cast<int>(mode);
        sample_.heat_output = u.has_heat_meter ? 0.0 : k_nan;
    }
    tr.hp_heat_kw += q * weight;
    tr.hp_power_kw += p * weight;
    tr.aux_kw += q_aux * weight;
    tr.hp_electric_kw += electric * weight;
    tr.base_load_kw += base_kw * weight;
    tr.gains_kw += gains * weight;
    tr.emitter_kw += delivered / dt_h * weight;
    tr.house_loss_kw += loss / dt_h * weight;
    tr.draw_kw += drawn / dt_h * weight;
    tr.tank_loss_kw += tank_loss / dt_h * weight;
    tr.hot_water_l += hot_l;
    if (on_) sample_.compressor_power += p * sensors_.meter_factor() * weight;
    if (u.has_heat_meter && on_ && !defrosting)
        sample_.heat_output += q * sensors_.meter_factor() * weight;

    // Timers, defrost, trips.
    if (on_) {
        on_min_ += dt_min;
        ramp_min_ += dt_min;
    } else {
        off_min_ += dt_min;
    }
    if (lockout_left_min_ > 0) {
        lockout_left_min_ -= dt_min;
        if (lockout_left_min_ <= 0) lockout_by_fault_ = false;
    }
    if (defrosting) {
        defrost_left_min_ -= dt_min;
        if (defrost_left_min_ <= 0) {
            coil_.clear();
            ramp_min_ = 0;
        }
    }
    bool short_cycle =
        is(FaultCategory::short_cycling) && on_ && !defrosting && on_min_ >= fault->run_limit_min;
    if (tripped || short_cycle) {
        stop_compressor();
        lockout_left_min_ = tripped ? k_trip_lockout_min : fault->restart_min;
        lockout_by_fault_ = true;
        off_min_ = 1e9;  // restarts when the lockout ends, not after the minimum pause
    }
}

void simulate_unit(const UnitConfig& config, const WeatherSeries& weather,
                   const HouseholdSchedule& schedule, std::vector<Fault> faults,
                   std::uint64_t noise_seed, Timestamp start, Timestamp end, Duration step,
                   Timestamp output_from, const std::function<void(const Sample&)>& sink) {
    UnitSimulator sim(config, weather, schedule, std::move(faults), noise_seed, start, step);
    while (sim.now() < end) {
        const Sample& s = sim.step();
        if (s.time >= output_from) sink(s);
    }
}

}  // namespace heatloop::sim
