// SQLite backend of Db: one sqlite3 connection in WAL mode, statements cached by SQL text.

#include <fmt/format.h>
#include <sqlite3.h>

#include <cmath>
#include <map>

#include "heatloop/core/error.hpp"
#include "heatloop/store/db.hpp"

namespace heatloop::store {

namespace {

bool is_busy(int rc) {
    int primary = rc & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

bool is_constraint(int rc) {
    return (rc & 0xff) == SQLITE_CONSTRAINT;
}

class SqliteDb final : public Db {
public:
    SqliteDb(const std::filesystem::path& file, const RetryPolicy& policy) : file_(file) {
        set_retry_policy(policy);
        std::error_code ec;
        if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
        int rc = sqlite3_open_v2(file.c_str(), &db_,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
        if (rc != SQLITE_OK) {
            std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
            sqlite3_close(db_);
            db_ = nullptr;
            throw IoError(fmt::format("database {}: cannot open: {}", file.string(), msg));
        }
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, static_cast<int>(policy.busy_timeout.count()));
        // WAL lets readers run beside the writer; synchronous=FULL syncs the WAL on every
        // commit, so an acknowledged write survives a killed process and a power loss.
        exec_pragma("PRAGMA journal_mode=WAL");
        exec_pragma("PRAGMA synchronous=FULL");
        exec_pragma("PRAGMA foreign_keys=ON");
    }

    ~SqliteDb() override {
        for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
        sqlite3_close(db_);
    }

    Dialect dialect() const noexcept override { return Dialect::sqlite; }
    std::string describe() const override { return "sqlite:" + file_.string(); }

    Result exec(std::string_view sql, std::span<const Value> params) override {
        sqlite3_stmt* stmt = prepare(sql);
        // Reset on every exit so the statement releases its read snapshot and locks.
        struct Reset {
            sqlite3_stmt* s;
            ~Reset() {
                sqlite3_reset(s);
                sqlite3_clear_bindings(s);
            }
        } reset{stmt};
        int expected = sqlite3_bind_parameter_count(stmt);
        if (expected != static_cast<int>(params.size()))
            throw InternalError(fmt::format("statement '{}': {} parameters bound, {} expected", sql,
                                            params.size(), expected));
        for (int i = 0; i < expected; ++i) bind(stmt, i + 1, params[static_cast<std::size_t>(i)]);
        Result out;
        int cols = sqlite3_column_count(stmt);
        for (;;) {
            int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) fail(rc, sql);
            std::vector<Value> cells;
            cells.reserve(static_cast<std::size_t>(cols));
            for (int c = 0; c < cols; ++c) cells.push_back(column(stmt, c));
            out.rows.emplace_back(std::move(cells));
        }
        out.affected = sqlite3_changes64(db_);
        return out;
    }

    void exec_script(std::string_view sql) override {
        std::string text(sql);
        char* err = nullptr;
        int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
        if (rc != SQLITE_OK) {
            std::string msg = err ? err : sqlite3_errstr(rc);
            sqlite3_free(err);
            if (is_busy(rc)) throw BusyError(msg);
            throw IoError(fmt::format("{}: {}", describe(), msg));
        }
    }

protected:
    void begin(TxKind kind) override {
        // IMMEDIATE takes the write lock now: a deferred transaction that reads and then
        // writes could fail mid-way when another writer got in between.
        exec(kind == TxKind::write ? "BEGIN IMMEDIATE" : "BEGIN", {});
    }
    void commit() override { exec("COMMIT", {}); }
    void rollback() noexcept override {
        if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }

private:
    void exec_pragma(const char* sql) {
        for (int attempt = 0;; ++attempt) {
            int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
            if (rc == SQLITE_OK) return;
            // Switching to WAL needs a moment of exclusive access when many open at once.
            if (is_busy(rc) && attempt < retry_policy().max_attempts) continue;
            throw IoError(fmt::format("{}: {}: {}", describe(), sql, sqlite3_errmsg(db_)));
        }
    }

    sqlite3_stmt* prepare(std::string_view sql) {
        auto it = cache_.find(sql);
        if (it != cache_.end()) return it->second;
        sqlite3_stmt* stmt = nullptr;
        int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK) {
            if (is_busy(rc)) throw BusyError(sqlite3_errmsg(db_));
            throw InternalError(
                fmt::format("{}: cannot prepare '{}': {}", describe(), sql, sqlite3_errmsg(db_)));
        }
        cache_.emplace(std::string(sql), stmt);
        return stmt;
    }

    void bind(sqlite3_stmt* stmt, int i, const Value& v) {
        const auto& var = v.get();
        int rc = SQLITE_OK;
        if (v.is_null())
            rc = sqlite3_bind_null(stmt, i);
        else if (auto* n = std::get_if<std::int64_t>(&var))
            rc = sqlite3_bind_int64(stmt, i, *n);
        else if (auto* d = std::get_if<double>(&var))
            rc = sqlite3_bind_double(stmt, i, *d);
        else if (auto* s = std::get_if<std::string>(&var))
            rc = sqlite3_bind_text64(stmt, i, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        if (rc != SQLITE_OK) fail(rc, sqlite3_sql(stmt));
    }

    static Value column(sqlite3_stmt* stmt, int c) {
        switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_INTEGER:
                return Value(static_cast<long long>(sqlite3_column_int64(stmt, c)));
            case SQLITE_FLOAT:
                return Value(sqlite3_column_double(stmt, c));
            case SQLITE_NULL:
                return Value();
            default: {
                auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
                return Value(
                    std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
            }
        }
    }

    [[noreturn]] void fail(int rc, std::string_view sql) {
        std::string msg = sqlite3_errmsg(db_);
        if (is_busy(rc)) throw BusyError(fmt::format("{}: {}", describe(), msg));
        if (is_constraint(rc)) throw ConflictError(msg);
        throw IoError(fmt::format("{}: '{}': {}", describe(), sql, msg));
    }

    std::filesystem::path file_;
    sqlite3* db_ = nullptr;
    std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

}  // namespace

std::unique_ptr<Db> open_sqlite(const std::filesystem::path& file, const RetryPolicy& policy) {
    return std::make_unique<SqliteDb>(file, policy);
}

}  // namespace heatloop::store
