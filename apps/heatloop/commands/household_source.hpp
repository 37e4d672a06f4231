#pragma once
// The shower events of one household as `heatloop calendar` and `heatloop steer` find them.

#include <string>
#include <vector>

#include "commands/command.hpp"
#include "heatloop/core/frame.hpp"
#include "heatloop/hotwater/household_events.hpp"
#include "heatloop/io/workspace.hpp"

namespace heatloop::cli {

struct HouseholdEvents {
    std::vector<hotwater::ShowerEvent> events;
    hotwater::EventSource source;
};

// The unit's events: the alarms of `run` (id or unique prefix) when given, else its
// shower_event labels that are not rejected. A workspace that never had labels or runs has
// no database: no events, and none is created by reading.
HouseholdEvents find_household_events(const io::Workspace& ws, const std::string& workspace,
                                      const UnitFrame& frame, const std::string& run,
                                      const GlobalOptions& global);

}  // namespace heatloop::cli
