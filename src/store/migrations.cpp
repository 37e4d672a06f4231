#include "heatloop/store/migrations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "heatloop/core/error.hpp"
#include "store/embedded_sql.hpp"

namespace heatloop::store {

namespace {

constexpr std::string_view k_create_table =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

// Any number: migrations from two processes are serialised by this PostgreSQL advisory lock.
constexpr std::int64_t k_migration_lock = 0x6865'6174'6c6f'6f70;  // "heatloop"

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Takes the migration lock for the current transaction and makes sure the table exists.
void prepare(Db& db) {
    if (db.dialect() == Dialect::postgres)
        db.exec("SELECT pg_advisory_xact_lock(?)", {k_migration_lock});
    db.exec(k_create_table);
}

bool is_applied(Db& db, int version) {
    return !db.exec("SELECT 1 FROM schema_migrations WHERE version = ?", {version}).empty();
}

}  // namespace

std::vector<Migration> migrations_for(Dialect dialect) {
    std::vector<Migration> out;
    for (const auto& f : detail::embedded_sql()) {
        if (f.dir != dialect_name(dialect)) continue;
        int version = std::atoi(std::string(f.name.substr(0, f.name.find('_'))).c_str());
        if (version <= 0)
            throw InternalError(
                fmt::format("migration {}/{}: name must start with a number", f.dir, f.name));
        out.push_back({version, std::string(f.name), f.text});
    }
    std::sort(out.begin(), out.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (std::size_t i = 1; i < out.size(); ++i)
        if (out[i].version == out[i - 1].version)
            throw InternalError(fmt::format("migrations {} and {} share version {}",
                                            out[i - 1].name, out[i].name, out[i].version));
    return out;
}

std::vector<int> migrate(Db& db) {
    std::vector<int> applied;
    for (const Migration& m : migrations_for(db.dialect())) {
        // One transaction per migration: the script and its record commit together, and a
        // concurrent migrator waits on the lock, then sees the record and skips it.
        bool ran = db.transaction([&] {
            prepare(db);
            if (is_applied(db, m.version)) return false;
            try {
                db.exec_script(m.sql);
            } catch (const Error& e) {
                throw InternalError(
                    fmt::format("migration {} on {}: {}", m.name, db.describe(), e.what()));
            }
            db.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    {m.version, m.name, now_ms()});
            return true;
        });
        if (ran) applied.push_back(m.version);
    }
    return applied;
}

std::vector<int> applied_migrations(Db& db) {
    return db.transaction(
        [&] {
            prepare(db);
            std::vector<int> out;
            for (const Row& r :
                 db.exec("SELECT version FROM schema_migrations ORDER BY version").rows)
                out.push_back(static_cast<int>(r.get_int(0)));
            return out;
        },
        TxKind::write);
}

}  // namespace heatloop::store
