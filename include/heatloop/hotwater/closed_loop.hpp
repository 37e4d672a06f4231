#pragma once
/// The closed loop of steering: simulated households' draws replayed through the simulator's
/// tank (sim::Tank) and heat pump (sim::operating_point: COP from the condensing and source
/// temperatures, start-up ramp) under three policies: (a) the simulator's threshold
/// controller (sim::Controller: hysteresis on the mean of top and mid), (b) heatloop's
/// schedule from a calendar learnt on the first weeks' showers and evaluated on the later
/// weeks only, (c) an oracle: the same start/stop mechanism with windows at the true draws.
/// Hot water alone: no space heating competes for the heat pump, no defrost.
/// docs/hot-water.md#steering.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "heatloop/core/time.hpp"
#include "heatloop/hotwater/schedule.hpp"
#include "heatloop/sim/heat_pump.hpp"
#include "heatloop/sim/routine.hpp"
#include "heatloop/sim/tank.hpp"
#include "heatloop/sim/weather.hpp"

namespace heatloop::hotwater {

/// What one policy did over the evaluated weeks.
struct PolicyOutcome {
    double electric_kwh = 0;  ///< compressor and circulation pump while heating the tank
    double heat_kwh = 0;      ///< heat put into the tank
    double drawn_kwh = 0;     ///< heat taken out by draws
    double loss_kwh = 0;      ///< standing losses
    double tank_start_kwh = 0, tank_end_kwh = 0;  ///< stored heat (relative to 0 degC)
    int starts = 0;                               ///< heat-pump starts
    double draw_minutes = 0;                      ///< minutes of draws (any kind)
    double cold_minutes = 0;  ///< minutes of draws while the top sensor was below comfort_c
    double run_hours = 0;     ///< compressor running
    /// heat_kwh / electric_kwh (NaN without heating).
    double cop() const noexcept;
};

/// A policy of the replay: whether to heat the tank at t (top, mid in degC; `running` the
/// heat pump is on; `limit` it hit the condensing limit in the last step).
using TankPolicy =
    std::function<bool(Timestamp t, double top, double mid, bool running, bool limit)>;

/// A household of the replay: its tank and heat pump, where it is, and its draws.
struct ReplayHousehold {
    std::string id;
    sim::TankParams tank;
    sim::HeatPumpParams hp;
    double min_on_min = 8, min_off_min = 8;       ///< compressor minimum run and pause
    double ambient_c = 18;                        ///< room around the tank
    const sim::WeatherSeries* weather = nullptr;  ///< outdoor air and the climate
    std::vector<sim::DrawEvent> draws;            ///< sorted by start
};

/// Replays `house` over [from, to) in steps of `step` with the tank starting fully mixed at
/// `t_initial`, counting outcomes from `count_from` on (the earlier part is a spin-up).
PolicyOutcome replay(const ReplayHousehold& house, const TankPolicy& policy, Timestamp from,
                     Timestamp count_from, Timestamp to, double t_initial, double comfort_c,
                     Duration step = k_minute_ms);

/// The threshold controller of the simulator (sim::Controller) with space heating switched
/// off, as a TankPolicy.
TankPolicy threshold_policy(const ReplayHousehold& house);

/// Options of the closed-loop study.
struct ClosedLoopOptions {
    int households = 10;
    int weeks = 8;
    int learn_weeks = 0;  ///< weeks the calendar is learnt from; 0 = half (rounded up), at least 1
    std::uint64_t seed = 1;
    Timestamp start = 1704067200000;  ///< 2024-01-01T00:00:00Z
    SteeringParams params;            ///< tank_volume_l and heat_kw are set per household
    /// The oracle's settings (oracle_param_defaults() unless given): knowing every draw, it
    /// needs no margin for unexpected ones, so it may keep the tank cooler.
    SteeringParams oracle_params = default_oracle_params();

    /// SteeringParams from oracle_param_defaults().
    static SteeringParams default_oracle_params();
};

/// The oracle's defaults: the steering parameters' defaults with these overrides (a JSON
/// object of steering parameters), chosen as the oracle's largest saving at no more minutes
/// below comfort than the threshold controller on the tuning run (docs/hot-water.md).
const nlohmann::json& oracle_param_defaults();

/// Throws InvalidInputError naming the bad option.
void validate(const ClosedLoopOptions& options);
/// The learning weeks options resolve to.
int learn_weeks(const ClosedLoopOptions& options);

/// One household of the study.
struct HouseholdOutcome {
    std::string id;
    double tank_volume_l = 0, heat_kw = 0, lead_min = 0;
    int showers_learnt = 0;  ///< shower events the calendar was learnt from
    int windows = 0;         ///< schedule windows in the evaluated weeks
    PolicyOutcome threshold, schedule, oracle;
};

/// The study.
struct ClosedLoopResult {
    ClosedLoopOptions options;
    Timestamp learn_from = 0, eval_from = 0, eval_to = 0;
    std::vector<HouseholdOutcome> households;
    PolicyOutcome threshold, schedule, oracle;  ///< pooled (sums)
};

/// Electrical saving of `policy` against `baseline`: 1 - policy / baseline (NaN when the
/// baseline used nothing).
double saving(const PolicyOutcome& policy, const PolicyOutcome& baseline) noexcept;
/// Share of the oracle's saving the schedule reaches: (thr - sched) / (thr - oracle); NaN when
/// the oracle saves nothing.
double oracle_share(const PolicyOutcome& threshold, const PolicyOutcome& schedule,
                    const PolicyOutcome& oracle) noexcept;

/// Runs the study: households drawn as `heatloop simulate --seed S` draws its units (same
/// tanks, heat pumps, climates and routines), the calendar learnt from the showers of the
/// first learn_weeks, all three policies replayed over the remaining weeks.
ClosedLoopResult run_closed_loop(const ClosedLoopOptions& options);

/// The result as JSON (options, per household and pooled, savings and oracle share).
nlohmann::json to_json(const ClosedLoopResult& result);

}  // namespace heatloop::hotwater
