#pragma once
/// Households in the store (migration 004): the smart-meter job's household metadata and
/// its heat-pump detection target, copied from the workspace (io::Workspace::households())
/// so that later code, also against PostgreSQL, reads the targets from one place.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "heatloop/core/household.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/store/db.hpp"

namespace heatloop::store {

/// Inserts the households or replaces the fields of known ones, in one transaction; returns
/// how many. Households absent from `households` are kept. `now` (ms) stamps updated_at
/// (0 = the current time). Throws InvalidInputError for an empty household id.
std::size_t sync_households(Db& db, std::span<const HouseholdInfo> households, Timestamp now = 0);

/// Every household, ordered by id, with has_heat_pump (nullopt when unknown).
std::vector<HouseholdInfo> households(Db& db);

/// One household, or nullopt when the store has none by that id.
std::optional<HouseholdInfo> find_household(Db& db, std::string_view household_id);

}  // namespace heatloop::store
