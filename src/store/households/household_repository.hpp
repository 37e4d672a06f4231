#pragma once
// Repository of the households table: household metadata and the heat-pump target.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "heatloop/core/household.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/store/db.hpp"

namespace heatloop::store {

class HouseholdRepository {
public:
    explicit HouseholdRepository(Db& db) : db_(db) {}

    // Inserts the households, or replaces every field of known ones.
    void upsert(std::span<const HouseholdInfo> households, Timestamp now);
    // Every household, ordered by id.
    std::vector<HouseholdInfo> list();
    // One household, or nullopt.
    std::optional<HouseholdInfo> find(std::string_view household_id);

private:
    Db& db_;
};

}  // namespace heatloop::store
