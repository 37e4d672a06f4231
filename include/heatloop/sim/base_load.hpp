#pragma once
/// Household electricity without the heat pump, as a smart meter sees it: standby devices,
/// a cycling refrigerator, lighting and electronics while people are home and awake, and
/// appliance runs (kettle, cooking, washing machine, dryer, dishwasher, and for homes
/// without a heat pump optionally a night-tariff electric water heater).

#include "heatloop/sim/routine.hpp"

namespace heatloop::sim {

/// Adds the appliance runs of every planned day to `schedule.loads` (sorted by start).
/// Hot-water draws must already be planned: an electric water heater reheats them at night.
void plan_appliances(const HouseholdProfile& profile, HouseholdSchedule& schedule, Rng& rng);

/// Evaluates a household's base load step by step (times must not go back).
class BaseLoad {
public:
    /// Both must outlive this object.
    BaseLoad(const HouseholdProfile& profile, const HouseholdSchedule& schedule)
        : profile_(&profile), schedule_(&schedule), loads_(schedule.loads) {}

    /// Mean load over [t, t + dt) in kW, given the solar radiation (for lighting).
    double kw(Timestamp t, Duration dt, double solar_w_m2);
    /// Occupancy at the t of the last kw() call.
    const Occupancy& occupancy() const noexcept { return occupancy_; }

private:
    const HouseholdProfile* profile_;
    const HouseholdSchedule* schedule_;
    ActiveEvents<LoadEvent> loads_;
    Occupancy occupancy_;
};

}  // namespace heatloop::sim
