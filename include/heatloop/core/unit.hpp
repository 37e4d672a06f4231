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

/// A unit's metadata as UnitFrame::attributes(): "type", "location" and every further column.
inline std::map<std::string, std::string> unit_attributes(const UnitInfo& info) {
    std::map<std::string, std::string> out = info.extra;
    if (!info.type.empty()) out["type"] = info.type;
    if (!info.location.empty()) out["location"] = info.location;
    return out;
}

}  // namespace heatloop
