#pragma once
// The shared fixture of the store suite: every test runs once per backend. SQLite always;
// PostgreSQL when HEATLOOP_PG_URL is set (scripts/with-postgres.sh sets it), each test in a
// schema of its own so tests may run in parallel. A set but unreachable server fails the
// tests; an unset variable registers no PostgreSQL tests.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "heatloop/store/db.hpp"
#include "heatloop/store/label_service.hpp"
#include "support/scratch_db.hpp"

namespace heatloop::store::testing {

using test_support::Backend;

class StoreTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override;
    void TearDown() override;

    // A new, migrated connection to this test's store (e.g. in a forked child).
    std::unique_ptr<Db> open() const;
    // The test's main connection.
    Db& db() { return *db_; }
    // A service over the main connection with a clock that ticks 1 s per call from 2024-01-01.
    LabelService service();
    // Registers units u1..un with the store.
    void add_units(int n);
    // A draft for unit `unit` starting `hour` hours after 2024-01-01 and lasting an hour.
    static LabelDraft draft(const std::string& unit, int hour,
                            const std::string& category = "sensor_fault");

    std::unique_ptr<test_support::ScratchDb> scratch_;
    std::filesystem::path dir_;  // temporary directory (the SQLite workspace)
    std::string url_;            // PostgreSQL URL of this test's schema ("" for SQLite)
    std::unique_ptr<Db> db_;
    Timestamp clock_ = 0;
};

// Milliseconds of 2024-01-01T00:00:00Z.
inline constexpr Timestamp k_t0 = 1704067200000;

}  // namespace heatloop::store::testing
