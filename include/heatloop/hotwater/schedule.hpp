#pragma once
/// Steering: a household's start/stop schedule for hot-water production from its demand
/// calendar, and the policy that carries it out. Ahead of every likely-demand hour the tank
/// is heated to the ready temperature (the start command comes one heat-up lead time before
/// the hour); the stop command ends the window after the hour; outside the windows only a
/// safety floor keeps the tank warm enough for an unexpected draw. docs/hot-water.md#steering.

#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "heatloop/core/param.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/hotwater/calendar.hpp"

namespace heatloop::hotwater {

/// The steering settings (declared once in steering_param_specs(), with bounds).
struct SteeringParams {
    double min_probability = 0.2;   ///< an hour is likely demand at this calendar probability
    double ready_c = 47.0;          ///< mean of top and mid sensors reached by a window's demand
    double band_k = 8.0;            ///< reheat inside a window below ready_c - band_k
    double floor_top_c = 44.0;      ///< safety floor: heat outside windows when top is below
    double floor_mid_c = 12.0;      ///< ... or when mid is below (hot reserve nearly used up)
    double floor_stop_c = 45.0;     ///< a floor run stops when the mean of top and mid reaches it
    double lead_margin_min = 15.0;  ///< extra minutes before a window beyond the heat-up time
    double tank_volume_l = 200.0;   ///< tank volume for the heat-up lead time
    double heat_kw = 6.0;           ///< heat output in hot-water mode for the lead time
    double comfort_c = 40.0;        ///< a draw is below comfort while the top sensor is below
    double cold_c = 10.0;           ///< mains water temperature for sizing a window's target
    double usable_share = 0.7;      ///< share of the tank a draw can take before the top cools
    double max_target_c = 53.0;     ///< highest target a window's demand may ask for

    /// Reads resolved parameters (resolve_params(..., steering_param_specs(), ...)).
    static SteeringParams from_json(const nlohmann::json& resolved);
    /// The parameters as a JSON object (every key of steering_param_specs()).
    nlohmann::json to_json() const;
};

/// Every steering parameter: name, type, default, bounds, description.
std::span<const ParamSpec> steering_param_specs();

/// Minutes from the start command to the demand: the time the heat pump needs to raise the
/// whole tank from the safety floor (floor_top_c) to ready_c at heat_kw, plus the margin.
double lead_time_min(const SteeringParams& params);

/// One start/stop command pair: heat to `target_c` from `start` on, stop at `stop`.
struct ScheduleWindow {
    Timestamp start = 0, stop = 0;
    Timestamp demand_start = 0;  ///< first likely-demand instant the window serves
    double target_c = 0;         ///< ready temperature (mean of top and mid)
    double probability = 0;      ///< highest calendar probability among its demand hours
    double litres = 0;           ///< expected mixed litres at comfort_c it serves (NaN unknown)
};

/// Likely demand [start, end) (UTC), the input of windows_for_demand().
struct DemandSpan {
    Timestamp start = 0, end = 0;
    double probability = 1.0;
    double litres = std::numeric_limits<double>::quiet_NaN();  ///< expected mixed litres
};

/// The target of a window serving `litres` of mixed water at comfort_c: ready_c, raised so
/// that the hot water needed fits in usable_share of the tank
/// (cold_c + litres (comfort_c - cold_c) / (usable_share tank_volume_l)), at most
/// max_target_c; ready_c when litres is NaN.
double window_target(const SteeringParams& params, double litres);

/// The likely-demand spans of [from, from + days) from a calendar: local hours whose
/// probability is at least min_probability, walked in 15-minute steps so any zone offset and
/// daylight-saving change is honoured, adjacent hours merged. A span's litres are the
/// expected volume of its hours (events per observed day x mean size, when sizes are known).
std::vector<DemandSpan> likely_demand(const DemandCalendar& calendar, const SteeringParams& params,
                                      Timestamp from, int days);

/// Windows for demand spans: each opens lead_time_min() before its span and closes at its
/// end; overlapping windows merge (their litres add up, the target follows window_target()).
/// Windows are clipped to start no earlier than `not_before`.
std::vector<ScheduleWindow> windows_for_demand(const std::vector<DemandSpan>& demand,
                                               const SteeringParams& params, Timestamp not_before);

/// The schedule of [from, from + days): likely_demand() then windows_for_demand().
std::vector<ScheduleWindow> build_schedule(const DemandCalendar& calendar,
                                           const SteeringParams& params, Timestamp from, int days);

/// Carries out a schedule on the tank's top and mid sensors: whether the heat pump should
/// heat the tank now. Inside a window it heats until the mean of top and mid reaches the
/// window's target and again when it falls band_k below; outside, it heats when the top falls
/// below floor_top_c or the mid below floor_mid_c, until the mean reaches floor_stop_c.
class SchedulePolicy {
public:
    /// `windows` sorted by start, not overlapping (as build_schedule() returns them).
    SchedulePolicy(std::vector<ScheduleWindow> windows, const SteeringParams& params);
    /// The request at time t (times must not go back). `limit` = the heat pump cannot heat
    /// the tank further (condensing limit): the current run counts as done.
    bool update(Timestamp t, double top, double mid, bool limit) noexcept;
    /// The window containing t, or nullptr.
    const ScheduleWindow* window_at(Timestamp t) noexcept;

private:
    std::vector<ScheduleWindow> windows_;
    SteeringParams params_;
    std::size_t next_ = 0;
    bool heating_ = false, in_window_ = false;
};

}  // namespace heatloop::hotwater
