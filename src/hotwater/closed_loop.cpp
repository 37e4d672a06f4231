// The closed-loop study: simulated households, a calendar learnt on the first weeks, three
// policies replayed over the later weeks (replay.cpp), per household and pooled.
#include "heatloop/hotwater/closed_loop.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "heatloop/core/error.hpp"
#include "heatloop/core/param.hpp"
#include "heatloop/sim/draws.hpp"
#include "heatloop/sim/random.hpp"
#include "heatloop/sim/unit_config.hpp"

namespace heatloop::hotwater {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
/// The simulator's routines run on UTC+1 all year (sim::k_local_offset): in IANA terms.
constexpr const char* k_sim_zone = "Etc/GMT-1";
/// Simulated before the start as `heatloop simulate` does, so routines match its draws.
constexpr Duration k_spin_up = 3 * k_day_ms;
constexpr Duration k_weather_step = 10 * k_minute_ms;
constexpr Duration k_sample_step = 10 * k_minute_ms;
constexpr double k_plant_room_c = 15.0;

void add(PolicyOutcome& sum, const PolicyOutcome& x) {
    sum.electric_kwh += x.electric_kwh;
    sum.heat_kwh += x.heat_kwh;
    sum.drawn_kwh += x.drawn_kwh;
    sum.loss_kwh += x.loss_kwh;
    sum.tank_start_kwh += x.tank_start_kwh;
    sum.tank_end_kwh += x.tank_end_kwh;
    sum.starts += x.starts;
    sum.draw_minutes += x.draw_minutes;
    sum.cold_minutes += x.cold_minutes;
    sum.run_hours += x.run_hours;
}

double mean_source(const ReplayHousehold& house, Timestamp from, Timestamp to) {
    double sum = 0;
    int n = 0;
    for (Timestamp t = from; t < to; t += k_hour_ms, ++n)
        sum += house.hp.source == sim::SourceType::air
                   ? house.weather->at(t).temp_c
                   : sim::ground_temperature(house.weather->climate, t) - 3.0;
    return n > 0 ? sum / n : 0.0;
}

/// The demand an oracle plans for: the whole hours (as the calendar's cells) in which a
/// shower or bath will happen, with its volume.
std::vector<DemandSpan> true_demand(const std::vector<sim::DrawEvent>& draws, Timestamp from,
                                    Timestamp to) {
    std::vector<DemandSpan> out;
    for (const sim::DrawEvent& d : draws)
        if (d.kind != sim::DrawKind::tap && d.end() > from && d.start < to)
            out.push_back({d.start - d.start % k_hour_ms,
                           d.end() + (k_hour_ms - d.end() % k_hour_ms) % k_hour_ms, 1.0,
                           sim::draw_volume_l(d)});
    return out;
}

nlohmann::json outcome_json(const PolicyOutcome& o) {
    auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
    return {{"electric_kwh", o.electric_kwh},
            {"heat_kwh", o.heat_kwh},
            {"drawn_kwh", o.drawn_kwh},
            {"loss_kwh", o.loss_kwh},
            {"tank_start_kwh", o.tank_start_kwh},
            {"tank_end_kwh", o.tank_end_kwh},
            {"starts", o.starts},
            {"run_hours", o.run_hours},
            {"draw_minutes", o.draw_minutes},
            {"cold_minutes", o.cold_minutes},
            {"cop", num(o.cop())}};
}

nlohmann::json comparison_json(const PolicyOutcome& thr, const PolicyOutcome& sched,
                               const PolicyOutcome& oracle) {
    auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
    return {{"threshold", outcome_json(thr)},
            {"schedule", outcome_json(sched)},
            {"oracle", outcome_json(oracle)},
            {"schedule_saving", num(saving(sched, thr))},
            {"oracle_saving", num(saving(oracle, thr))},
            {"oracle_share", num(oracle_share(thr, sched, oracle))}};
}

}  // namespace

const nlohmann::json& oracle_param_defaults() {
    static const nlohmann::json overrides = {
        {"ready_c", 45.0},      {"floor_top_c", 41.0},  {"floor_mid_c", 25.0},
        {"floor_stop_c", 44.0}, {"max_target_c", 56.0}, {"lead_margin_min", 30.0},
    };
    return overrides;
}

SteeringParams ClosedLoopOptions::default_oracle_params() {
    return SteeringParams::from_json(
        resolve_params("oracle", steering_param_specs(), oracle_param_defaults()));
}

void validate(const ClosedLoopOptions& o) {
    if (o.households < 1 || o.households > 1000)
        throw InvalidInputError(fmt::format("--households {}: expected 1 to 1000", o.households));
    if (o.weeks < 2 || o.weeks > 104)
        throw InvalidInputError(fmt::format(
            "--weeks {}: expected 2 to 104 (at least one week to learn and one to evaluate)",
            o.weeks));
    if (o.learn_weeks < 0 || o.learn_weeks >= o.weeks)
        throw InvalidInputError(
            fmt::format("--learn-weeks {}: expected 1 to {} (fewer than --weeks {}; 0 = half)",
                        o.learn_weeks, o.weeks - 1, o.weeks));
}

int learn_weeks(const ClosedLoopOptions& o) {
    if (o.learn_weeks > 0) return o.learn_weeks;
    return std::clamp((o.weeks + 1) / 2, 1, o.weeks - 1);
}

double saving(const PolicyOutcome& policy, const PolicyOutcome& baseline) noexcept {
    return baseline.electric_kwh > 0 ? 1.0 - policy.electric_kwh / baseline.electric_kwh : k_nan;
}

double oracle_share(const PolicyOutcome& thr, const PolicyOutcome& sched,
                    const PolicyOutcome& oracle) noexcept {
    const double bound = thr.electric_kwh - oracle.electric_kwh;
    return bound > 0 ? (thr.electric_kwh - sched.electric_kwh) / bound : k_nan;
}

ClosedLoopResult run_closed_loop(const ClosedLoopOptions& options) {
    validate(options);
    ClosedLoopResult result;
    result.options = options;
    const int learn = learn_weeks(options);
    const Timestamp start = options.start;
    const Timestamp end = start + static_cast<Timestamp>(options.weeks) * 7 * k_day_ms;
    const Timestamp eval_from = start + static_cast<Timestamp>(learn) * 7 * k_day_ms;
    const Timestamp replay_from = eval_from - k_day_ms;  // a day of spin-up for every policy
    result.learn_from = start;
    result.eval_from = eval_from;
    result.eval_to = end;

    // One location's weather at a time (households come four to a location, in order), so
    // memory does not grow with the number of households.
    sim::WeatherSeries w;
    int location = -1;

    std::vector<Timestamp> samples;
    for (Timestamp t = start; t < eval_from; t += k_sample_step) samples.push_back(t);

    for (int i = 0; i < options.households; ++i) {
        const auto index = static_cast<std::uint64_t>(i);
        if (sim::location_index(i) != location) {
            location = sim::location_index(i);
            const auto l = static_cast<std::uint64_t>(location);
            sim::Rng climate_rng(sim::derive_seed(options.seed, sim::Stream::climate, l));
            sim::ClimateParams climate =
                sim::draw_climate(sim::location_name(location), climate_rng);
            sim::Rng weather_rng(sim::derive_seed(options.seed, sim::Stream::weather, l));
            w = sim::generate_weather(climate, start - k_spin_up, end, k_weather_step, weather_rng);
        }
        sim::Rng config_rng(sim::derive_seed(options.seed, sim::Stream::unit_config, index));
        const sim::UnitConfig cfg = sim::draw_unit_config(i, w.climate, config_rng);
        sim::Rng household_rng(sim::derive_seed(options.seed, sim::Stream::household, index));
        const sim::HouseholdSchedule routine =
            sim::plan_routine(cfg.household, start - k_spin_up, end, household_rng);

        ReplayHousehold house;
        house.id = cfg.unit_id;
        house.tank = cfg.tank;
        house.hp = cfg.hp;
        house.min_on_min = cfg.control.min_on_min;
        house.min_off_min = cfg.control.min_off_min;
        house.ambient_c = 0.5 * cfg.house.setpoint_c + 0.5 * k_plant_room_c;
        house.weather = &w;
        house.draws = sim::draws_between(routine, replay_from, end);

        // The calendar from the learning weeks' showers only.
        std::vector<DemandEvent> events;
        for (const sim::DrawEvent& d : sim::draws_between(routine, start, eval_from))
            if (d.kind == sim::DrawKind::shower) events.push_back({d.start, sim::draw_volume_l(d)});
        const DemandCalendar calendar =
            build_calendar(house.id, k_sim_zone, start, eval_from, samples, events);

        SteeringParams params = options.params;
        params.tank_volume_l = cfg.tank.volume_l;
        // The heat output in hot-water mode at the ready temperature, as an installer would
        // read it off the data sheet for the learning weeks' mean source temperature.
        const double source_c = mean_source(house, start, eval_from);
        auto heat_kw = [&](double ready_c) {
            const double t_cond = ready_c + cfg.tank.coil_approach_k +
                                  0.5 * cfg.hp.nominal_heat_kw / cfg.hp.flow_kw_per_k +
                                  cfg.hp.condenser_approach_k;
            return std::max(0.5, sim::operating_point(cfg.hp, source_c, t_cond).heat_kw);
        };
        params.heat_kw = heat_kw(params.ready_c);

        HouseholdOutcome h;
        h.id = house.id;
        h.tank_volume_l = params.tank_volume_l;
        h.heat_kw = params.heat_kw;
        h.lead_min = lead_time_min(params);
        h.showers_learnt = calendar.events_used;
        const int replay_days = static_cast<int>((end - replay_from) / k_day_ms);
        std::vector<ScheduleWindow> windows =
            build_schedule(calendar, params, replay_from, replay_days);
        for (const ScheduleWindow& win : windows) h.windows += win.start >= eval_from ? 1 : 0;
        SteeringParams oracle = options.oracle_params;
        oracle.tank_volume_l = params.tank_volume_l;
        oracle.heat_kw = heat_kw(oracle.ready_c);
        std::vector<ScheduleWindow> oracle_windows =
            windows_for_demand(true_demand(house.draws, replay_from, end), oracle, replay_from);

        const double t_initial = cfg.tank.setpoint_c - 2.0;
        auto run = [&](const TankPolicy& policy) {
            return replay(house, policy, replay_from, eval_from, end, t_initial, params.comfort_c);
        };
        auto scheduled = [](std::vector<ScheduleWindow> ws, const SteeringParams& p) {
            auto policy = std::make_shared<SchedulePolicy>(std::move(ws), p);
            return TankPolicy([policy](Timestamp t, double top, double mid, bool, bool limit) {
                return policy->update(t, top, mid, limit);
            });
        };
        h.threshold = run(threshold_policy(house));
        h.schedule = run(scheduled(std::move(windows), params));
        h.oracle = run(scheduled(std::move(oracle_windows), oracle));
        add(result.threshold, h.threshold);
        add(result.schedule, h.schedule);
        add(result.oracle, h.oracle);
        result.households.push_back(std::move(h));
    }
    return result;
}

nlohmann::json to_json(const ClosedLoopResult& r) {
    nlohmann::json households = nlohmann::json::array();
    for (const HouseholdOutcome& h : r.households) {
        nlohmann::json j = comparison_json(h.threshold, h.schedule, h.oracle);
        j["household"] = h.id;
        j["tank_volume_l"] = h.tank_volume_l;
        j["heat_kw"] = h.heat_kw;
        j["lead_min"] = h.lead_min;
        j["showers_learnt"] = h.showers_learnt;
        j["windows"] = h.windows;
        households.push_back(std::move(j));
    }
    const ClosedLoopOptions& o = r.options;
    return {{"options",
             {{"households", o.households},
              {"weeks", o.weeks},
              {"learn_weeks", learn_weeks(o)},
              {"seed", o.seed},
              {"start", format_iso(o.start)},
              {"params", o.params.to_json()},
              {"oracle_params", o.oracle_params.to_json()}}},
            {"learn_from", format_iso(r.learn_from)},
            {"eval_from", format_iso(r.eval_from)},
            {"eval_to", format_iso(r.eval_to)},
            {"households", std::move(households)},
            {"pooled", comparison_json(r.threshold, r.schedule, r.oracle)}};
}

}  // namespace heatloop::hotwater
