// The households table (migration 004) and store::sync_households / households, on every
// backend.

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/store/households.hpp"
#include "store_fixture.hpp"

namespace heatloop::store::testing {

namespace {

std::vector<HouseholdInfo> sample() {
    return {
        {"h1", true, "ASHP", "hp1", "zurich", {{"occupants", "2"}}},
        {"h2", false, "", "", "bern", {}},
        {"h3", std::nullopt, "", "", "", {{"dhw_production", "True"}}},
    };
}

}  // namespace

TEST_P(StoreTest, HouseholdsRoundTripWithTheirTarget) {
    EXPECT_TRUE(households(db()).empty());
    EXPECT_EQ(sync_households(db(), sample(), k_t0), 3u);
    EXPECT_EQ(households(db()), sample());
    const Row& r =
        db().exec(
                "SELECT has_heat_pump, unit_id, updated_at FROM households WHERE household_id = ?",
                {"h3"})
            .one();
    EXPECT_TRUE(r.is_null(0));  // unknown, not false
    EXPECT_TRUE(r.is_null(1));  // no unit
    EXPECT_EQ(r.get_int(2), k_t0);
    EXPECT_EQ(find_household(db(), "h2"), sample()[1]);
    EXPECT_FALSE(find_household(db(), "nope").has_value());
}

TEST_P(StoreTest, HouseholdsSyncUpdatesAndKeepsOthers) {
    sync_households(db(), sample(), k_t0);
    std::vector<HouseholdInfo> update{{"h3", true, "GSHP", "hp3", "basel", {}}};
    sync_households(db(), update, k_t0 + 1);
    auto all = households(db());
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[2], update[0]);
    EXPECT_EQ(all[0], sample()[0]);
    // Synced again from another connection: same rows, nothing duplicated.
    auto other = open();
    sync_households(*other, sample(), k_t0 + 2);
    EXPECT_EQ(households(db()), sample());
}

TEST_P(StoreTest, HouseholdsRejectEmptyIdAndBadTarget) {
    std::vector<HouseholdInfo> bad{{"", true, "", "", "", {}}};
    EXPECT_THROW(sync_households(db(), bad), InvalidInputError);
    EXPECT_TRUE(households(db()).empty());
    // The CHECK keeps the target boolean.
    EXPECT_THROW(db().exec("INSERT INTO households (household_id, has_heat_pump, updated_at) "
                           "VALUES (?, ?, ?)",
                           {"hx", 2, 0}),
                 Error);
}

}  // namespace heatloop::store::testing
