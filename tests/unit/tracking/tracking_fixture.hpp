#pragma once
// The fixture of the tracking tests that need a database: each runs once per backend,
// SQLite always, PostgreSQL when HEATLOOP_PG_URL is set (scripts/with-postgres.sh), each
// test in a schema of its own. A set but unusable server fails the tests.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "heatloop/store/db.hpp"
#include "support/scratch_db.hpp"

namespace heatloop::tracking::fake {

using test_support::Backend;

// "Sqlite" / "Postgres" for test names.
std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

class TrackingTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override;
    void TearDown() override;
    // A new, migrated connection to this test's database.
    std::unique_ptr<store::Db> open() const;
    // The test's main connection.
    store::Db& db() { return *db_; }

    std::unique_ptr<test_support::ScratchDb> scratch_;
    std::filesystem::path dir_;  // the workspace (SQLite file, artifacts)
    std::string url_;            // PostgreSQL URL of this test's schema ("" for SQLite)
    std::unique_ptr<store::Db> db_;
};

}  // namespace heatloop::tracking::fake

// Instantiates `suite` (a TrackingTest subclass) for SQLite and, when configured, PostgreSQL.
#define HEATLOOP_TRACKING_BACKENDS(suite)                                                       \
    INSTANTIATE_TEST_SUITE_P(Sqlite, suite,                                                     \
                             ::testing::ValuesIn(heatloop::test_support::sqlite_backend()),     \
                             heatloop::tracking::fake::backend_name);                           \
    INSTANTIATE_TEST_SUITE_P(                                                                   \
        Postgres, suite, ::testing::ValuesIn(heatloop::test_support::postgres_if_configured()), \
        heatloop::tracking::fake::backend_name);                                                \
    GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(suite)
