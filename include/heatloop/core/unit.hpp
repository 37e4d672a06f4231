#pragma once
/// Unit (one heat-pump installation) metadata.

#include <map>
#include <string>

namespace heatloop {

/// What is known about a unit from units.csv: its id, heat-pump type, location (also the
/// key into weather data), and any further columns by name.
struct UnitInfo {
    std::string unit_id;
    std::string type;  ///< ASHP, GSHP, ... ("" when unknown)
    std::string location;
    std::map<std::string, std::string> extra;
    bool operator==(const UnitInfo&) const = default;
};

}  // namespace heatloop
