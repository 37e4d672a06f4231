#include "heatloop/hotwater/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/sim/tank.hpp"

namespace heatloop::hotwater {

namespace {

constexpr std::string_view k_owner = "steering";
constexpr Duration k_walk_step = 15 * k_minute_ms;

}  // namespace

std::span<const ParamSpec> steering_param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = {
        {"min_probability",
         T::number,
         0.2,
         0.01,
         1.0,
         {},
         "a local weekday x hour is likely demand when the calendar's probability of a shower "
         "in it is at least this"},
        {"ready_c",
         T::number,
         47.0,
         35.0,
         65.0,
         {},
         "mean of the top and mid sensors the tank reaches before likely demand (the start "
         "command's target)"},
        {"band_k",
         T::number,
         8.0,
         0.5,
         15.0,
         {},
         "inside a window the heat pump heats again when the mean falls this far below ready_c"},
        {"floor_top_c",
         T::number,
         44.0,
         40.0,
         65.0,
         {},
         "safety floor, in and outside windows: the tank is heated when the top sensor falls "
         "below this (comfort of 40 degC at the tap plus pipe losses)"},
        {"floor_mid_c",
         T::number,
         12.0,
         5.0,
         60.0,
         {},
         "safety floor: the tank is also heated when the mid sensor falls below this (the hot "
         "reserve above it is nearly used up)"},
        {"floor_stop_c",
         T::number,
         45.0,
         40.0,
         65.0,
         {},
         "a run started by the safety floor stops when the mean of top and mid reaches this"},
        {"lead_margin_min",
         T::number,
         15.0,
         0.0,
         240.0,
         {},
         "minutes added to the heat-up time before a window's demand"},
        {"tank_volume_l",
         T::number,
         200.0,
         20.0,
         5000.0,
         {},
         "tank volume for the heat-up lead time (litres)"},
        {"heat_kw",
         T::number,
         6.0,
         0.5,
         100.0,
         {},
         "heat output of the heat pump in hot-water mode for the heat-up lead time (kW); "
         "`heatloop steer` estimates it from heat_output in hot-water mode when not given"},
        {"comfort_c",
         T::number,
         40.0,
         30.0,
         60.0,
         {},
         "a draw is below comfort while the top sensor is below this (degC)"},
        {"cold_c",
         T::number,
         10.0,
         0.0,
         30.0,
         {},
         "mains water temperature assumed when a window's target is sized to its expected "
         "litres (degC)"},
        {"usable_share",
         T::number,
         0.7,
         0.2,
         1.0,
         {},
         "share of the tank a window's expected draws may take before the top cools"},
        {"max_target_c",
         T::number,
         53.0,
         40.0,
         70.0,
         {},
         "highest target a window's expected litres may raise it to (below the heat pump's "
         "condensing limit)"},
    };
    return specs;
}

SteeringParams SteeringParams::from_json(const nlohmann::json& j) {
    SteeringParams p;
    p.min_probability = j.at("min_probability").get<double>();
    p.ready_c = j.at("ready_c").get<double>();
    p.band_k = j.at("band_k").get<double>();
    p.floor_top_c = j.at("floor_top_c").get<double>();
    p.floor_mid_c = j.at("floor_mid_c").get<double>();
    p.floor_stop_c = j.at("floor_stop_c").get<double>();
    p.lead_margin_min = j.at("lead_margin_min").get<double>();
    p.tank_volume_l = j.at("tank_volume_l").get<double>();
    p.heat_kw = j.at("heat_kw").get<double>();
    p.comfort_c = j.at("comfort_c").get<double>();
    p.cold_c = j.at("cold_c").get<double>();
    p.usable_share = j.at("usable_share").get<double>();
    p.max_target_c = j.at("max_target_c").get<double>();
    if (p.max_target_c < p.ready_c)
        throw InvalidInputError(fmt::format("{}: max_target_c {} is below ready_c {}", k_owner,
                                            p.max_target_c, p.ready_c));
    if (p.floor_stop_c > p.ready_c)
        throw InvalidInputError(fmt::format(
            "{}: floor_stop_c {} is above ready_c {} (the floor would keep the tank hotter "
            "than the schedule)",
            k_owner, p.floor_stop_c, p.ready_c));
    if (p.comfort_c > p.floor_top_c)
        throw InvalidInputError(fmt::format(
            "{}: comfort_c {} is above floor_top_c {} (the floor must keep the top at comfort)",
            k_owner, p.comfort_c, p.floor_top_c));
    return p;
}

nlohmann::json SteeringParams::to_json() const {
    return {{"min_probability", min_probability},
            {"ready_c", ready_c},
            {"band_k", band_k},
            {"floor_top_c", floor_top_c},
            {"floor_mid_c", floor_mid_c},
            {"floor_stop_c", floor_stop_c},
            {"lead_margin_min", lead_margin_min},
            {"tank_volume_l", tank_volume_l},
            {"heat_kw", heat_kw},
            {"comfort_c", comfort_c},
            {"cold_c", cold_c},
            {"usable_share", usable_share},
            {"max_target_c", max_target_c}};
}

double lead_time_min(const SteeringParams& p) {
    const double rise_k = std::max(0.0, p.ready_c - p.floor_top_c);
    const double kwh = p.tank_volume_l * sim::k_water_kwh_per_l_k * rise_k;
    return kwh / p.heat_kw * 60.0 + p.lead_margin_min;
}

double window_target(const SteeringParams& p, double litres) {
    if (!(litres > 0)) return p.ready_c;
    const double needed = p.cold_c + litres * std::max(0.0, p.comfort_c - p.cold_c) /
                                         (p.usable_share * p.tank_volume_l);
    return std::clamp(needed, p.ready_c, p.max_target_c);
}

std::vector<DemandSpan> likely_demand(const DemandCalendar& calendar, const SteeringParams& params,
                                      Timestamp from, int days) {
    if (days < 1)
        throw InvalidInputError(fmt::format("{}: days {}: expected at least 1", k_owner, days));
    LocalSlots slots(calendar.time_zone);
    std::vector<DemandSpan> out;
    const Timestamp end = from + static_cast<Timestamp>(days) * k_day_ms;
    for (Timestamp t = from; t < end; t += k_walk_step) {
        const LocalSlot s = slots(t);
        const CalendarCell& cell = calendar.at(s.weekday, s.hour);
        const double p = cell.probability();
        if (!(p >= params.min_probability)) continue;  // NaN (never observed) is no demand
        const Timestamp stop = std::min(t + k_walk_step, end);
        // A quarter of the hour's expected litres (the walk visits each hour four times).
        const double litres = 0.25 * cell.events / cell.days_observed * cell.mean_size;
        if (!out.empty() && out.back().end == t) {
            out.back().end = stop;
            out.back().probability = std::max(out.back().probability, p);
            out.back().litres += litres;
        } else {
            out.push_back({t, stop, p, litres});
        }
    }
    return out;
}

std::vector<ScheduleWindow> windows_for_demand(const std::vector<DemandSpan>& demand,
                                               const SteeringParams& params, Timestamp not_before) {
    const auto lead = static_cast<Duration>(std::llround(lead_time_min(params) * k_minute_ms));
    std::vector<DemandSpan> sorted = demand;
    std::sort(sorted.begin(), sorted.end(),
              [](const DemandSpan& a, const DemandSpan& b) { return a.start < b.start; });
    std::vector<ScheduleWindow> out;
    for (const DemandSpan& d : sorted) {
        if (d.end <= d.start) continue;
        const Timestamp start = std::max(d.start - lead, not_before);
        if (d.end <= start) continue;
        if (!out.empty() && start <= out.back().stop) {
            ScheduleWindow& w = out.back();
            w.stop = std::max(w.stop, d.end);
            w.probability = std::max(w.probability, d.probability);
            w.litres += d.litres;
            w.target_c = window_target(params, w.litres);
            continue;
        }
        out.push_back(
            {start, d.end, d.start, window_target(params, d.litres), d.probability, d.litres});
    }
    return out;
}

std::vector<ScheduleWindow> build_schedule(const DemandCalendar& calendar,
                                           const SteeringParams& params, Timestamp from, int days) {
    return windows_for_demand(likely_demand(calendar, params, from, days), params, from);
}

SchedulePolicy::SchedulePolicy(std::vector<ScheduleWindow> windows, const SteeringParams& params)
    : windows_(std::move(windows)), params_(params) {}

const ScheduleWindow* SchedulePolicy::window_at(Timestamp t) noexcept {
    while (next_ < windows_.size() && windows_[next_].stop <= t) ++next_;
    if (next_ < windows_.size() && windows_[next_].start <= t) return &windows_[next_];
    return nullptr;
}

bool SchedulePolicy::update(Timestamp t, double top, double mid, bool limit) noexcept {
    const double mean = 0.5 * (top + mid);
    const ScheduleWindow* w = window_at(t);
    const bool entered = w && !in_window_;
    in_window_ = w != nullptr;
    if (limit) heating_ = false;
    const bool below_floor = top < params_.floor_top_c || mid < params_.floor_mid_c;
    if (w) {
        // The start command: heat to the target; afterwards keep it within the band. The
        // safety floor holds inside windows too.
        if (heating_ && mean >= w->target_c) heating_ = false;
        if (!heating_ && !limit &&
            ((entered && mean < w->target_c) || mean < w->target_c - params_.band_k || below_floor))
            heating_ = true;
        return heating_;
    }
    // Outside windows: the safety floor only (a window's run ends at its stop command).
    if (heating_ && mean >= params_.floor_stop_c) heating_ = false;
    if (!heating_ && !limit && below_floor) heating_ = true;
    return heating_;
}

}  // namespace heatloop::hotwater
