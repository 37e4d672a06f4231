#pragma once
/// Numbered SQL migrations (sql/<dialect>/NNN_name.sql), embedded into the library at build
/// time, applied in order and recorded in the schema_migrations table.

#include <string>
#include <string_view>
#include <vector>

#include "heatloop/store/db.hpp"

namespace heatloop::store {

/// One embedded migration.
struct Migration {
    int version = 0;       ///< NNN from the file name
    std::string name;      ///< file name, e.g. "001_labels.sql"
    std::string_view sql;  ///< the script
};

/// The migrations for a dialect, ordered by version.
std::vector<Migration> migrations_for(Dialect dialect);

/// Apply every migration not yet recorded in schema_migrations, each in its own
/// transaction, and return the versions applied (empty when up to date). Safe to run from
/// several processes at once: they take turns, and each migration runs exactly once.
std::vector<int> migrate(Db& db);

/// Versions recorded in schema_migrations, ascending (empty before the first migrate()).
std::vector<int> applied_migrations(Db& db);

}  // namespace heatloop::store
