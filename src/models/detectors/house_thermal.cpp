#include "heatloop/models/detectors/house_thermal.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/core/quantile.hpp"
#include "models/series.hpp"

namespace heatloop::models {

namespace {
constexpr std::string_view k_indoor = "t_indoor";
constexpr std::string_view k_outdoor = "t_outdoor";

// Solve the 3x3 system a x = b by Gaussian elimination with partial pivoting; false when
// singular (the regressors do not vary independently).
bool solve3(std::array<std::array<double, 3>, 3> a, std::array<double, 3> b,
            std::array<double, 3>& x) {
    for (int c = 0; c < 3; ++c) {
        int p = c;
        for (int r = c + 1; r < 3; ++r)
            if (std::abs(a[r][c]) > std::abs(a[p][c])) p = r;
        if (std::abs(a[p][c]) < 1e-12) return false;
        std::swap(a[p], a[c]);
        std::swap(b[p], b[c]);
        for (int r = c + 1; r < 3; ++r) {
            const double f = a[r][c] / a[c][c];
            for (int k = c; k < 3; ++k) a[r][k] -= f * a[c][k];
            b[r] -= f * b[c];
        }
    }
    for (int r = 2; r >= 0; --r) {
        double s = b[r];
        for (int k = r + 1; k < 3; ++k) s -= a[r][k] * x[k];
        x[r] = s / a[r][r];
    }
    return true;
}

double median_of(std::vector<double> v) {
    return quantile_inplace(v, 0.5);
}

RcHouse rc_from_json(const nlohmann::json& j) {
    RcHouse m{j.at("tau_hours").get<double>(), j.at("capacity_kwh_per_k").get<double>(),
              j.at("gain_k_per_hour").get<double>()};
    if (!(m.tau_hours > 0) || !(m.capacity_kwh_per_k > 0) || !std::isfinite(m.gain_k_per_hour))
        throw InvalidInputError(
            fmt::format("house_thermal model document: invalid RC model {}", j.dump()));
    return m;
}

nlohmann::json rc_to_json(const RcHouse& m) {
    return {{"tau_hours", m.tau_hours},
            {"capacity_kwh_per_k", m.capacity_kwh_per_k},
            {"gain_k_per_hour", m.gain_k_per_hour}};
}
}  // namespace

std::span<const ParamSpec> HouseThermalDetector::param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = {
        {"comfort_temperature", T::number, 20.0, 5, 30, {}, "indoor comfort temperature (degC)"},
        {"margin",
         T::number,
         1.0,
         0.1,
         10,
         {},
         "score 1 = the modelled temperature is this far below comfort (K)"},
        {.name = "heat_source",
         .type = T::string,
         .default_value = "auto",
         .choices = {"auto", "heat_output", "compressor_power"},
         .description = "heat input Q: heat_output (kW), compressor_power x cop, or auto "
                        "(heat_output where the unit has it)"},
        {"cop", T::number, 3.0, 0.5, 10, {}, "coefficient of performance for compressor_power"},
        {"fit_step",
         T::duration,
         "15min",
         1,
         86'400'000,
         {},
         "block length the regression works on (smooths sensor noise); rounded down to whole "
         "steps of the unit's grid, at least one step"},
        {"min_fit",
         T::duration,
         "24h",
         1,
         366.0 * 86'400'000,
         {},
         "usable t_indoor data a unit needs for a model of its own (less: the fleet's model)"},
        {"default_tau_hours",
         T::number,
         40.0,
         1,
         1000,
         {},
         "tau of the fleet model when no unit has t_indoor"},
        {"default_capacity_kwh_per_k",
         T::number,
         10.0,
         0.1,
         1000,
         {},
         "C of the fleet model when no unit has t_indoor"},
    };
    return specs;
}

HouseThermalDetector::HouseThermalDetector() : Detector(k_name, param_specs()) {
    configure(nullptr);
}

bool HouseThermalDetector::needs_rows(std::string_view) const {
    return false;  // a unit with less than min_fit of data falls back to the fleet model
}

void HouseThermalDetector::apply_params(const nlohmann::json& p) {
    comfort_ = p.at("comfort_temperature").get<double>();
    margin_ = p.at("margin").get<double>();
    heat_source_ = p.at("heat_source").get<std::string>();
    cop_ = p.at("cop").get<double>();
    default_ = RcHouse{p.at("default_tau_hours").get<double>(),
                       p.at("default_capacity_kwh_per_k").get<double>(), 0};
    fleet_ = default_;
    units_.clear();
}

const RcHouse& HouseThermalDetector::model_for(std::string_view unit_id) const {
    auto it = units_.find(unit_id);
    return it == units_.end() ? fleet_ : it->second;
}

std::vector<double> HouseThermalDetector::heat_input(const UnitFrame& unit) const {
    const Channel* heat = unit.find("heat_output");
    const bool use_heat =
        heat_source_ == "heat_output" ||
        (heat_source_ == "auto" && heat != nullptr && count_present(heat->values) > 0);
    if (use_heat) return detail::require_channel(name(), unit, "heat_output");
    std::vector<double> q = detail::require_channel(name(), unit, "compressor_power");
    for (double& x : q) x *= cop_;
    return q;
}

bool HouseThermalDetector::fit_unit(const UnitFrame& unit, RcHouse& out) const {
    const Channel* indoor = unit.find(k_indoor);
    if (indoor == nullptr) return false;
    // fit_step in whole steps, at least one: on a coarser grid every row is already a block.
    const Duration step = unit.step();
    const Duration want =
        DurationParam::parse(params().at("fit_step").get<std::string>()).on_grid(step);
    const auto per_block = static_cast<std::size_t>(std::max<Duration>(1, want / step));
    const Duration block = static_cast<Duration>(per_block) * step;
    const Duration min_fit =
        DurationParam::parse(params().at("min_fit").get<std::string>()).on_grid(step);
    const auto& time = unit.time();
    auto means = [&](const std::vector<double>& v) {
        return detail::block_means(time, v, block, (per_block + 1) / 2).mean;
    };
    const auto tin = means(indoor->values);
    const auto tout = means(detail::require_channel(name(), unit, k_outdoor));
    const auto q = means(heat_input(unit));
    // Regress the change between consecutive blocks on the mean drivers of both blocks
    // (trapezoid rule): dT = a (T_out - T_in) + b Q + c with a = dt/tau, b = dt/C, c = g dt.
    std::array<std::array<double, 3>, 3> ata{};
    std::array<double, 3> atb{};
    std::size_t n = 0;
    for (std::size_t k = 0; k + 1 < tin.size(); ++k) {
        const std::array<double, 4> v{tin[k], tin[k + 1], tout[k] + tout[k + 1], q[k] + q[k + 1]};
        if (std::any_of(v.begin(), v.end(), [](double x) { return is_missing(x); })) continue;
        const std::array<double, 3> x{0.5 * v[2] - 0.5 * (v[0] + v[1]), 0.5 * v[3], 1.0};
        const double y = v[1] - v[0];
        for (int r = 0; r < 3; ++r) {
            for (int c = 0; c < 3; ++c) ata[r][c] += x[r] * x[c];
            atb[r] += x[r] * y;
        }
        ++n;
    }
    std::array<double, 3> coef{};
    if (static_cast<Duration>(n) * block < min_fit || !solve3(ata, atb, coef)) return false;
    if (!(coef[0] > 0) || !(coef[1] > 0)) return false;  // not a physical house: use the fleet's
    const double dt_h = static_cast<double>(block) / k_hour_ms;
    out = RcHouse{dt_h / coef[0], dt_h / coef[1], coef[2] / dt_h};
    return true;
}

void HouseThermalDetector::do_fit(std::span<const UnitFrame> units, const ModelContext&) {
    units_.clear();
    bool any_input = false;
    for (const auto& unit : units) {
        const auto q = heat_input(unit);
        const auto& tout = detail::require_channel(name(), unit, k_outdoor);
        for (std::size_t i = 0; i < q.size() && !any_input; ++i)
            any_input = !is_missing(q[i]) && !is_missing(tout[i]);
        RcHouse m;
        if (fit_unit(unit, m)) units_[unit.unit_id()] = m;
    }
    if (!any_input)
        throw InvalidInputError(fmt::format(
            "{}: no row with both {} and the heat input ({}) present in {} training unit(s), "
            "starting with {}",
            name(), k_outdoor, heat_source_, units.size(), units.front().unit_id()));
    fleet_ = default_;
    if (!units_.empty()) {
        std::vector<double> tau, cap, gain;
        for (const auto& [id, m] : units_) {
            tau.push_back(m.tau_hours);
            cap.push_back(m.capacity_kwh_per_k);
            gain.push_back(m.gain_k_per_hour);
        }
        fleet_ = RcHouse{median_of(tau), median_of(cap), median_of(gain)};
    }
}

std::vector<double> HouseThermalDetector::simulate(const UnitFrame& unit) const {
    const RcHouse& m = model_for(unit.unit_id());
    const auto& tout = detail::require_channel(name(), unit, k_outdoor);
    const auto q = heat_input(unit);
    const Channel* indoor = unit.find(k_indoor);
    std::vector<double> out(unit.rows(), k_missing);
    const double dt_h = static_cast<double>(unit.step()) / k_hour_ms;
    double t_out = k_missing, heat = k_missing, t_in = k_missing;
    for (std::size_t i = 0; i < unit.rows(); ++i) {
        // Inputs hold their last value through gaps.
        if (!is_missing(tout[i])) t_out = tout[i];
        if (!is_missing(q[i])) heat = q[i];
        if (is_missing(t_out) || is_missing(heat)) continue;
        if (is_missing(t_in)) {
            // Start from the measured indoor temperature where there is one, else comfort.
            const double measured = indoor != nullptr ? indoor->values[i] : k_missing;
            t_in = is_missing(measured) ? comfort_ : measured;
        }
        out[i] = t_in;
        t_in +=
            dt_h * ((t_out - t_in) / m.tau_hours + heat / m.capacity_kwh_per_k + m.gain_k_per_hour);
    }
    return out;
}

std::vector<double> HouseThermalDetector::do_score(const UnitFrame& unit) const {
    std::vector<double> out = simulate(unit);
    for (double& t : out) t = (comfort_ - t) / margin_;
    return out;
}

nlohmann::json HouseThermalDetector::save_state() const {
    nlohmann::json units = nlohmann::json::object();
    for (const auto& [id, m] : units_) units[id] = rc_to_json(m);
    return {{"fleet", rc_to_json(fleet_)}, {"units", std::move(units)}};
}

void HouseThermalDetector::load_state(const nlohmann::json& state) {
    fleet_ = rc_from_json(state.at("fleet"));
    units_.clear();
    for (const auto& [id, m] : state.at("units").items()) units_[id] = rc_from_json(m);
}

}  // namespace heatloop::models
