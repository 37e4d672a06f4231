#pragma once
/// The heat pump's controller: a heating curve (supply setpoint from the damped outdoor
/// temperature, corrected by the room temperature where a room sensor exists), on/off
/// hysteresis of the mean water temperature (supply + return) / 2 around the setpoint less
/// half the nominal spread (the supply jumps at a start; the mean does not), a summer cut-off, and
/// hot-water priority with its own hysteresis on the mean of the tank's top and middle sensors. It
/// sees measured values only, so a faulty sensor misleads it as it would a real controller.

#include "heatloop/sim/house.hpp"
#include "heatloop/sim/tank.hpp"

namespace heatloop::sim {

/// Control settings of one unit.
struct ControlParams {
    double heating_limit_c = 16.0;  ///< no space heating when the daily mean is above this
    double curve_slope = 0.6;       ///< supply rise per K of outdoor temperature below setpoint
    double curve_offset_k = 2.0;    ///< supply above the indoor setpoint at the balance point
    double room_gain = 2.0;         ///< supply correction per K of room error (room sensor)
    double hysteresis_k = 4.0;      ///< width of the band around the mean water temperature
    double spread_k = 5.0;          ///< nominal supply-return spread while running
    double max_supply_c = 55.0;
    double min_on_min = 8.0;    ///< minimum compressor run
    double min_off_min = 8.0;   ///< minimum compressor pause
    double dhw_max_min = 90.0;  ///< longest hot-water run before space heating gets a turn
};

/// What the controller asks the heat pump for.
enum class Request { none, space_heating, hot_water };

/// What the controller reads (measured values; t_indoor is NaN without a room sensor).
struct ControlInputs {
    double t_outdoor = 0, t_supply = 0, t_return = 0, t_indoor = 0, t_tank_top = 0, t_tank_mid = 0;
    bool hot_water_running = false;  ///< the compressor is heating the tank right now
    bool condensing_limit = false;   ///< the tank cannot be heated further
};

/// The controller's state machine.
class Controller {
public:
    /// A controller for a house setpoint and a tank; `t_outdoor` seeds the damped averages.
    Controller(const ControlParams& params, double indoor_setpoint, const TankParams& tank,
               double t_outdoor);

    /// Updates the state with new readings over dt_h hours and returns the request.
    Request update(const ControlInputs& in, double dt_h) noexcept;

    /// Current supply setpoint from the heating curve.
    double supply_setpoint() const noexcept { return supply_setpoint_; }
    /// True in the heating season (daily mean below the heating limit).
    bool heating_enabled() const noexcept { return heating_enabled_; }
    /// Minutes the current hot-water run has lasted.
    double hot_water_minutes() const noexcept { return dhw_minutes_; }
    /// The parameters.
    const ControlParams& params() const noexcept { return params_; }

private:
    ControlParams params_;
    double setpoint_;
    TankParams tank_;
    double t_out_fast_, t_out_daily_;  // outdoor temperature damped over 3 h and 24 h
    double ema_dt_h_ = -1.0, fast_share_ = 0.0, daily_share_ = 0.0;
    double supply_setpoint_ = 0;
    bool heating_enabled_ = true, space_demand_ = false, room_block_ = false;
    bool dhw_demand_ = false;
    double dhw_minutes_ = 0, dhw_rest_minutes_ = 1e9;
};

}  // namespace heatloop::sim
