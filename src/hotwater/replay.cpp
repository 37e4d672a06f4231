// The replay of one household's draws through the simulator's tank and heat pump under a
// policy, and the simulator's threshold controller as a policy.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "heatloop/hotwater/closed_loop.hpp"
#include "heatloop/sim/controller.hpp"

namespace heatloop::hotwater {

namespace {

/// Brine entering the evaporator of a ground-source unit: the undisturbed ground less the
/// cooling of a borehole under the short runs of hot-water heating (sim::GroundLoop couples
/// to space heating, which the replay leaves out).
constexpr double k_borehole_drop_k = 3.0;

double source_temperature(const ReplayHousehold& house, Timestamp t) {
    if (house.hp.source == sim::SourceType::air) return house.weather->at(t).temp_c;
    return sim::ground_temperature(house.weather->climate, t) - k_borehole_drop_k;
}

}  // namespace

double PolicyOutcome::cop() const noexcept {
    return electric_kwh > 0 ? heat_kwh / electric_kwh : std::numeric_limits<double>::quiet_NaN();
}

PolicyOutcome replay(const ReplayHousehold& house, const TankPolicy& policy, Timestamp from,
                     Timestamp count_from, Timestamp to, double t_initial, double comfort_c,
                     Duration step) {
    const sim::HeatPumpParams& hp = house.hp;
    const bool ground = hp.source == sim::SourceType::ground;
    const double dt_h = static_cast<double>(step) / k_hour_ms;
    const double dt_min = dt_h * 60.0;
    const double spread = hp.nominal_heat_kw / hp.flow_kw_per_k;
    const double extras_kw = hp.pump_kw + (ground ? hp.brine_pump_kw : 0.0);

    sim::Tank tank(house.tank, t_initial);
    sim::ActiveEvents<sim::DrawEvent> active(house.draws);
    PolicyOutcome out;
    bool on = false, limit = false, counting = false;
    double on_min = 0, off_min = 1e9, ramp_min = 0;
    for (Timestamp t = from; t < to; t += step) {
        if (!counting && t >= count_from) {
            counting = true;
            out.tank_start_kwh = tank.energy_kwh();
        }
        const bool want = policy(t, tank.top(), tank.mid(), on, limit);
        if (on && !want && on_min >= house.min_on_min) {
            on = false;
            off_min = 0;
        } else if (!on && want && off_min >= house.min_off_min) {
            on = true;
            on_min = ramp_min = 0;
            if (counting) ++out.starts;
        }

        // The operating point in hot-water mode, as the unit simulator computes it.
        double q = 0, p = 0;
        limit = false;
        if (on) {
            const double t_cond = tank.coil_zone() + house.tank.coil_approach_k + 0.5 * spread +
                                  hp.condenser_approach_k;
            const sim::OperatingPoint op =
                sim::operating_point(hp, source_temperature(house, t), t_cond);
            const double ramp = sim::start_ramp(hp, ramp_min + 0.5 * dt_min);
            q = op.heat_kw * ramp;
            p = op.power_kw * (0.75 + 0.25 * ramp);
            limit = t_cond >= hp.max_condensing_c;
        }

        // Draws: mixed water at the draw's temperature, the hot share from the top.
        const double t_cold = sim::cold_water_temperature(house.weather->climate, t);
        double hot_l = 0;
        active.seek(t, t + step);
        for (const sim::DrawEvent* e : active.active()) {
            const Timestamp a = std::max(t, e->start), b = std::min(t + step, e->end());
            const double minutes = static_cast<double>(b - a) / k_minute_ms;
            const double hot_share = (e->temp_c - t_cold) / std::max(1.0, tank.top() - t_cold);
            hot_l += minutes * e->flow_l_min * std::clamp(hot_share, 0.0, 1.0);
            if (counting) {
                out.draw_minutes += minutes;
                if (tank.top() < comfort_c) out.cold_minutes += minutes;
            }
        }
        const double drawn = tank.draw(hot_l, t_cold);
        if (on) tank.heat(q * dt_h);
        const double loss = tank.lose(dt_h, house.ambient_c);
        if (counting) {
            out.drawn_kwh += drawn;
            out.loss_kwh += loss;
            out.heat_kwh += q * dt_h;
            if (on) {
                out.electric_kwh += (p + extras_kw) * dt_h;
                out.run_hours += dt_h;
            }
        }
        if (on) {
            on_min += dt_min;
            ramp_min += dt_min;
        } else {
            off_min += dt_min;
        }
    }
    if (!counting) out.tank_start_kwh = tank.energy_kwh();
    out.tank_end_kwh = tank.energy_kwh();
    return out;
}

TankPolicy threshold_policy(const ReplayHousehold& house) {
    // A summer outdoor temperature switches the controller's space heating off for good, so
    // only its hot-water hysteresis (and its 30-minute rest after a cut-short run) acts.
    constexpr double k_summer_c = 30.0;
    sim::ControlParams params;
    params.min_on_min = house.min_on_min;
    params.min_off_min = house.min_off_min;
    auto controller = std::make_shared<sim::Controller>(params, 20.0, house.tank, k_summer_c);
    auto last = std::make_shared<Timestamp>(std::numeric_limits<Timestamp>::min());
    return [controller, last](Timestamp t, double top, double mid, bool running, bool limit) {
        const double dt_h = *last == std::numeric_limits<Timestamp>::min()
                                ? 1.0 / 60.0
                                : static_cast<double>(t - *last) / k_hour_ms;
        *last = t;
        sim::ControlInputs in;
        in.t_outdoor = in.t_supply = in.t_return = k_summer_c;
        in.t_indoor = std::numeric_limits<double>::quiet_NaN();
        in.t_tank_top = top;
        in.t_tank_mid = mid;
        in.hot_water_running = running;
        in.condensing_limit = limit;
        return controller->update(in, dt_h) == sim::Request::hot_water;
    };
}

}  // namespace heatloop::hotwater
