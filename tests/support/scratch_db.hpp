#pragma once
// A throwaway store for tests and benchmarks: a temporary directory (the SQLite workspace,
// and artifacts) and, for PostgreSQL, a schema of its own in the database HEATLOOP_PG_URL
// names (scripts/with-postgres.sh sets it), so suites may run in parallel.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/store/db.hpp"

namespace heatloop::test_support {

enum class Backend { sqlite, postgres };

/// {sqlite}.
std::vector<Backend> sqlite_backend();
/// {postgres} when HEATLOOP_PG_URL is set, else nothing (no PostgreSQL tests registered).
std::vector<Backend> postgres_if_configured();
/// "Sqlite" / "Postgres".
std::string backend_name(Backend b);

class ScratchDb {
public:
    /// Creates the directory `<tmp>/<prefix>-XXXXXX` and, for PostgreSQL, the schema
    /// `<prefix>_<pid>_<n>`. Throws std::runtime_error naming what failed (a set but
    /// unusable server is an error, never a skip).
    ScratchDb(Backend backend, std::string_view prefix);
    /// Drops the schema and removes the directory.
    ~ScratchDb();
    ScratchDb(const ScratchDb&) = delete;
    ScratchDb& operator=(const ScratchDb&) = delete;

    /// The temporary directory (the workspace).
    const std::filesystem::path& dir() const noexcept { return dir_; }
    /// The PostgreSQL URL of the schema ("" for SQLite).
    const std::string& url() const noexcept { return url_; }
    /// A new, migrated connection.
    std::unique_ptr<store::Db> open() const;

private:
    std::filesystem::path dir_;
    std::string url_, schema_;
};

}  // namespace heatloop::test_support
