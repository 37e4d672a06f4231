#include "heatloop/store/households.hpp"

#include <chrono>

#include "heatloop/core/error.hpp"
#include "store/households/household_repository.hpp"

namespace heatloop::store {

std::size_t sync_households(Db& db, std::span<const HouseholdInfo> households, Timestamp now) {
    for (const HouseholdInfo& h : households)
        if (h.household_id.empty()) throw InvalidInputError("household: empty household_id");
    if (now == 0) {
        using namespace std::chrono;
        now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }
    db.transaction([&] { HouseholdRepository(db).upsert(households, now); });
    return households.size();
}

std::vector<HouseholdInfo> households(Db& db) {
    return db.transaction([&] { return HouseholdRepository(db).list(); }, TxKind::read);
}

std::optional<HouseholdInfo> find_household(Db& db, std::string_view household_id) {
    return db.transaction([&] { return HouseholdRepository(db).find(household_id); }, TxKind::read);
}

}  // namespace heatloop::store
