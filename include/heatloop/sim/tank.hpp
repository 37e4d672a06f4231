#pragma once
/// The domestic hot-water tank: a stratified tank of equal layers. Draws take hot water
/// from the top while cold mains water enters at the bottom (plug flow); the heat pump's
/// coil heats the lower layers; layers warmer than the one above mix (buoyancy); the tank
/// loses heat to the room. Sensors: top layer (t_tank_top) and the layer at 58-67 % of the
/// depth (t_tank_mid), which the cold front of a shower reaches within minutes.

#include <array>

namespace heatloop::sim {

/// Parameters of a hot-water tank and its hot-water control.
struct TankParams {
    double volume_l = 200.0;
    double setpoint_c = 52.0;      ///< target of the mean of the top and middle sensors
    double hysteresis_k = 6.0;     ///< hot-water mode starts below setpoint - hysteresis
    double loss_w_per_k = 1.6;     ///< standing loss coefficient
    double coil_approach_k = 4.0;  ///< coil water above the lower layers while heating
};

/// Water heat capacity per litre [kWh/(L K)].
inline constexpr double k_water_kwh_per_l_k = 4.186 / 3600.0;

/// A stratified tank (layer 0 at the top).
class Tank {
public:
    /// Number of layers.
    static constexpr int k_layers = 12;
    /// Layer read by the top sensor.
    static constexpr int k_top_layer = 0;
    /// Layer read by the middle sensor (58-67 % of the depth, about 40 % of the height).
    static constexpr int k_mid_layer = 7;
    /// Layers the heating coil sits in (the lowest ones).
    static constexpr int k_coil_layers = 4;

    /// A fully mixed tank at t_initial.
    Tank(const TankParams& params, double t_initial);

    /// Draws `litres` of hot water from the top; the same volume of mains water at t_cold
    /// enters at the bottom. Returns the heat taken out [kWh].
    double draw(double litres, double t_cold) noexcept;
    /// Adds `kwh` of heat through the coil, then lets buoyancy mix the layers.
    void heat(double kwh) noexcept;
    /// Standing losses to a room at t_ambient over dt_h hours plus slow conduction between
    /// layers. Returns the heat lost [kWh].
    double lose(double dt_h, double t_ambient) noexcept;

    /// Temperature at the top sensor.
    double top() const noexcept { return t_[k_top_layer]; }
    /// Temperature at the middle sensor.
    double mid() const noexcept { return t_[k_mid_layer]; }
    /// Mean temperature of the layers around the coil.
    double coil_zone() const noexcept;
    /// Temperature of layer i (0 = top).
    double layer(int i) const noexcept { return t_[static_cast<std::size_t>(i)]; }
    /// Heat stored relative to 0 degC [kWh].
    double energy_kwh() const noexcept;
    /// The parameters.
    const TankParams& params() const noexcept { return params_; }

private:
    void mix_inversions() noexcept;

    TankParams params_;
    double layer_kwh_per_k_;
    double loss_dt_h_ = -1.0, loss_share_ = 0.0;  // cached for the last step length
    std::array<double, k_layers> t_{};
};

}  // namespace heatloop::sim
