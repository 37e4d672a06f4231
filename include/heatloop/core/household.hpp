#pragma once
/// Household (smart-meter job) metadata: the target of heat-pump detection.

#include <map>
#include <optional>
#include <string>

namespace heatloop {

/// What is known about a household from a households file: whether it has a heat pump (the
/// detection target; nullopt when unknown), the pump's type, the heat-pump unit it is
/// linked to, its location, and any further columns by name.
struct HouseholdInfo {
    std::string household_id;
    std::optional<bool> has_heat_pump;  ///< nullopt: unknown
    std::string heat_pump_type;         ///< ASHP, GSHP, ... ("" when unknown or none)
    std::string unit_id;                ///< the linked heat-pump unit ("" when none)
    std::string location;
    std::map<std::string, std::string> extra;
    bool operator==(const HouseholdInfo&) const = default;
};

}  // namespace heatloop
