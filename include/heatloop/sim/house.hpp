#pragma once
/// The building: one thermal node (an RC model) heated by a hydronic loop (water and
/// emitters, a second node). Both are integrated exactly for inputs held constant over a
/// step, so the model is stable at any step and conserves energy to rounding.

namespace heatloop::sim {

/// Parameters of the house node.
struct HouseParams {
    double ua_kw_per_k = 0.2;          ///< heat loss coefficient, fabric and ventilation
    double capacity_kwh_per_k = 10.0;  ///< effective thermal mass
    double setpoint_c = 20.5;          ///< indoor temperature the occupants want
    double solar_aperture_m2 = 3.0;    ///< effective glazing: solar gain = aperture * GHI
    double window_ua_factor = 3.0;     ///< extra UA (x UA) while windows are open

    /// The thermal time constant C / UA [h].
    double time_constant_h() const noexcept { return capacity_kwh_per_k / ua_kw_per_k; }
};

/// The house as one node: C dT/dt = Q_in - UA (T - T_out).
class House {
public:
    /// A house at indoor temperature `t_indoor`.
    House(const HouseParams& params, double t_indoor) : params_(params), t_(t_indoor) {}

    /// Advances by dt_h hours with q_in_kw of heat (emitters and gains) at outdoor
    /// temperature t_out; open windows raise the loss coefficient. Returns the heat lost to
    /// the outside in kWh.
    double step(double dt_h, double t_out, double q_in_kw, bool windows_open) noexcept;

    /// Indoor air (and mass) temperature.
    double t_indoor() const noexcept { return t_; }
    /// Heat stored, relative to 0 degC [kWh].
    double energy_kwh() const noexcept { return params_.capacity_kwh_per_k * t_; }
    /// The parameters.
    const HouseParams& params() const noexcept { return params_; }

private:
    HouseParams params_;
    double t_;
};

/// Parameters of the space-heating water loop.
struct LoopParams {
    double capacity_kwh_per_k = 0.2;  ///< water, pipes and emitters
    double emitter_kw_per_k = 0.3;    ///< heat transfer to the rooms with the pump running
    bool floor_heating = true;        ///< floor heating (low supply) or radiators
};

/// The heating water loop as one node: C_w dT_w/dt = Q_in - f K (T_w - T_indoor), with f
/// the emitter factor (1 with the circulation pump running, small without flow).
class HeatingLoop {
public:
    /// A loop at mean water temperature `t_water`.
    HeatingLoop(const LoopParams& params, double t_water) : params_(params), t_(t_water) {}

    /// Advances by dt_h hours with q_in_kw into the water (heat pump and auxiliary heater,
    /// negative during a defrost). Returns the heat delivered to the rooms in kWh.
    double step(double dt_h, double t_indoor, double q_in_kw, double emitter_factor) noexcept;

    /// Mean water temperature.
    double t_water() const noexcept { return t_; }
    /// Heat stored, relative to 0 degC [kWh].
    double energy_kwh() const noexcept { return params_.capacity_kwh_per_k * t_; }
    /// The parameters.
    const LoopParams& params() const noexcept { return params_; }

private:
    LoopParams params_;
    double t_;
};

}  // namespace heatloop::sim
