#pragma once
// Repository of the units table: the units labels may refer to.

#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/time.hpp"
#include "heatloop/core/unit.hpp"
#include "heatloop/store/db.hpp"

namespace heatloop::store {

class UnitRepository {
public:
    explicit UnitRepository(Db& db) : db_(db) {}

    // Inserts the units, or updates type, location and extra columns of known ones.
    void upsert(std::span<const UnitInfo> units, Timestamp now);
    // Every unit, ordered by id.
    std::vector<UnitInfo> list();
    // True when the unit is known.
    bool exists(std::string_view unit_id);
    // The ids of every unit.
    std::set<std::string, std::less<>> ids();

private:
    Db& db_;
};

}  // namespace heatloop::store
