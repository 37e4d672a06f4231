#include "heatloop/sim/controller.hpp"

#include <algorithm>
#include <cmath>

namespace heatloop::sim {

Controller::Controller(const ControlParams& params, double indoor_setpoint, const TankParams& tank,
                       double t_outdoor)
    : params_(params),
      setpoint_(indoor_setpoint),
      tank_(tank),
      t_out_fast_(t_outdoor),
      t_out_daily_(t_outdoor) {}

Request Controller::update(const ControlInputs& in, double dt_h) noexcept {
    if (dt_h != ema_dt_h_) {
        ema_dt_h_ = dt_h;
        fast_share_ = 1.0 - std::exp(-dt_h / 3.0);
        daily_share_ = 1.0 - std::exp(-dt_h / 24.0);
    }
    t_out_fast_ += (in.t_outdoor - t_out_fast_) * fast_share_;
    t_out_daily_ += (in.t_outdoor - t_out_daily_) * daily_share_;
    // Summer cut-off with 1 K of hysteresis.
    if (heating_enabled_ && t_out_daily_ > params_.heating_limit_c + 0.5) heating_enabled_ = false;
    if (!heating_enabled_ && t_out_daily_ < params_.heating_limit_c - 0.5) heating_enabled_ = true;

    bool room_sensor = !std::isnan(in.t_indoor);
    double sp = setpoint_ + params_.curve_offset_k +
                params_.curve_slope * std::max(0.0, setpoint_ - t_out_fast_);
    if (room_sensor) {
        sp += params_.room_gain * std::clamp(setpoint_ - in.t_indoor, -3.0, 3.0);
        if (in.t_indoor > setpoint_ + 0.8) room_block_ = true;
        if (in.t_indoor < setpoint_ + 0.3) room_block_ = false;
    }
    supply_setpoint_ = std::clamp(sp, setpoint_ + 2.0, params_.max_supply_c);

    // The supply sensor shows the hot-water circuit while the tank is heated: leave the
    // space-heating hysteresis alone then.
    if (!in.hot_water_running) {
        double water = 0.5 * (in.t_supply + in.t_return);
        double target = supply_setpoint_ - 0.5 * params_.spread_k;
        double half = 0.5 * params_.hysteresis_k;
        if (space_demand_ && water > target + half) space_demand_ = false;
        if (!space_demand_ && water < target - half) space_demand_ = true;
    }

    double tank_mean = 0.5 * (in.t_tank_top + in.t_tank_mid);
    double minutes = dt_h * 60.0;
    if (dhw_demand_) {
        dhw_minutes_ += in.hot_water_running ? minutes : 0.0;
        bool time_up = dhw_minutes_ >= params_.dhw_max_min && heating_enabled_ && space_demand_;
        if (tank_mean >= tank_.setpoint_c) {
            dhw_demand_ = false;
        } else if (in.condensing_limit || time_up) {
            dhw_demand_ = false;
            dhw_rest_minutes_ = 0;  // cut short: let the rest of the system have a turn
        }
    } else {
        dhw_rest_minutes_ += minutes;
        // After a run cut short by the time limit or the condensing limit, wait 30 minutes
        // before trying again.
        if (tank_mean < tank_.setpoint_c - tank_.hysteresis_k && dhw_rest_minutes_ >= 30.0) {
            dhw_demand_ = true;
            dhw_minutes_ = 0;
        }
    }
    if (dhw_demand_) return Request::hot_water;
    if (heating_enabled_ && space_demand_ && !room_block_) return Request::space_heating;
    return Request::none;
}

}  // namespace heatloop::sim
