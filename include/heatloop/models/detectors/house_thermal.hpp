#pragma once
/// house_thermal: the thesis's house-modelling algorithm with a first-order RC model
///   dT_in/dt = (T_out - T_in) / tau + Q / C + g
/// (tau = RC in h, C in kWh/K, g in K/h for internal and solar gains; Q the heat input in kW:
/// heat_output, or compressor_power x cop). fit() estimates tau, C, g per unit by least
/// squares where the unit has t_indoor, and a fleet model (the median) for the others.
/// score() simulates the indoor temperature from outdoor temperature and heat input:
/// score = (comfort - T_model) / margin, so > 1 means it fell more than `margin` below comfort.

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/models/detector.hpp"

namespace heatloop::models {

/// Parameters of the RC house model.
struct RcHouse {
    double tau_hours = 40;           ///< time constant R*C
    double capacity_kwh_per_k = 10;  ///< heat capacity C
    double gain_k_per_hour = 0;      ///< constant gains g
    bool operator==(const RcHouse&) const = default;
};

/// RC house-model detector.
class HouseThermalDetector final : public Detector {
public:
    static constexpr std::string_view k_name = "house_thermal";
    static constexpr std::string_view k_summary =
        "RC house model of the indoor temperature; alarm when it falls below comfort - margin";
    /// The parameter table.
    static std::span<const ParamSpec> param_specs();

    HouseThermalDetector();

    /// Models fitted per unit (units with usable t_indoor).
    const std::map<std::string, RcHouse, std::less<>>& unit_models() const noexcept {
        return units_;
    }
    /// The model used for units not in unit_models().
    const RcHouse& fleet_model() const noexcept { return fleet_; }
    /// The model a unit is scored with.
    const RcHouse& model_for(std::string_view unit_id) const;
    /// The simulated indoor temperature of a unit (NaN before its inputs are known).
    std::vector<double> simulate(const UnitFrame& unit) const;

protected:
    bool needs_rows(std::string_view name) const override;
    void apply_params(const nlohmann::json& params) override;
    void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) override;
    std::vector<double> do_score(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;

private:
    std::vector<double> heat_input(const UnitFrame& unit) const;
    bool fit_unit(const UnitFrame& unit, RcHouse& out) const;

    double comfort_ = 20;
    double margin_ = 1;
    std::string heat_source_ = "auto";
    double cop_ = 3;
    RcHouse default_;
    RcHouse fleet_;
    std::map<std::string, RcHouse, std::less<>> units_;
};

}  // namespace heatloop::models
