#include "heatloop/store/db.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <random>
#include <thread>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/store/migrations.hpp"

namespace heatloop::store {

namespace {

constexpr std::array k_dialects{std::pair{Dialect::sqlite, "sqlite"},
                                std::pair{Dialect::postgres, "postgres"}};

}  // namespace

std::string_view dialect_name(Dialect d) {
    return enum_name(k_dialects, d);
}

std::int64_t Value::as_int() const {
    if (auto* i = std::get_if<std::int64_t>(&v_)) return *i;
    if (auto* d = std::get_if<double>(&v_)) return static_cast<std::int64_t>(*d);
    if (auto* s = std::get_if<std::string>(&v_)) {
        std::int64_t out = 0;
        auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
        if (ec == std::errc() && p == s->data() + s->size()) return out;
        throw InternalError(fmt::format("database cell: expected an integer, got '{}'", *s));
    }
    throw InternalError("database cell: expected an integer, got NULL");
}

double Value::as_double() const {
    if (auto* d = std::get_if<double>(&v_)) return *d;
    if (auto* i = std::get_if<std::int64_t>(&v_)) return static_cast<double>(*i);
    if (auto* s = std::get_if<std::string>(&v_)) {
        // PostgreSQL spells non-finite values as words.
        if (*s == "NaN") return std::numeric_limits<double>::quiet_NaN();
        if (*s == "Infinity") return std::numeric_limits<double>::infinity();
        if (*s == "-Infinity") return -std::numeric_limits<double>::infinity();
        double out = 0;
        auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
        if (ec == std::errc() && p == s->data() + s->size()) return out;
        throw InternalError(fmt::format("database cell: expected a number, got '{}'", *s));
    }
    throw InternalError("database cell: expected a number, got NULL");
}

std::string Value::as_text() const {
    if (auto* s = std::get_if<std::string>(&v_)) return *s;
    if (auto* i = std::get_if<std::int64_t>(&v_)) return std::to_string(*i);
    if (auto* d = std::get_if<double>(&v_)) return fmt::format("{}", *d);
    return {};
}

const Value& Row::at(std::size_t i) const {
    if (i >= cells_.size())
        throw InternalError(
            fmt::format("database row: column {} requested, row has {}", i, cells_.size()));
    return cells_[i];
}

std::optional<std::int64_t> Row::opt_int(std::size_t i) const {
    if (is_null(i)) return std::nullopt;
    return get_int(i);
}
std::optional<double> Row::opt_double(std::size_t i) const {
    if (is_null(i)) return std::nullopt;
    return get_double(i);
}
std::string Row::get_stored_text(std::size_t i) const {
    return repair_utf8(get_text(i));
}

std::optional<std::string> Row::opt_text(std::size_t i) const {
    if (is_null(i)) return std::nullopt;
    return get_text(i);
}

const Row& Result::one(std::string_view what) const& {
    if (rows.size() != 1)
        throw InternalError(fmt::format("{}: expected exactly one row, got {}", what, rows.size()));
    return rows.front();
}

Row Result::one(std::string_view what) && {
    static_cast<const Result&>(*this).one(what);  // checks the count
    return std::move(rows.front());
}

void Db::run_transaction(TxKind kind, const std::function<void()>& work) {
    if (depth_ > 0) {  // nested: part of the outer transaction, retried with it
        work();
        return;
    }
    std::mt19937 jitter(std::random_device{}());
    auto backoff = policy_.initial_backoff;
    for (int attempt = 1;; ++attempt) {
        bool begun = false;
        try {
            begin(kind);
            begun = true;
            depth_ = 1;
            work();
            commit();
            depth_ = 0;
            return;
        } catch (const BusyError& e) {
            depth_ = 0;
            if (begun) rollback();
            if (attempt >= policy_.max_attempts)
                throw IoError(fmt::format("{}: database busy, gave up after {} attempts: {}",
                                          describe(), attempt, e.what()));
            // Randomised exponential backoff so competing writers do not retry in lockstep.
            std::uniform_int_distribution<long> d(0, backoff.count());
            std::this_thread::sleep_for(backoff / 2 + std::chrono::milliseconds(d(jitter) / 2));
            backoff = std::min(backoff * 2, policy_.max_backoff);
        } catch (...) {
            depth_ = 0;
            if (begun) rollback();
            throw;
        }
    }
}

void insert_many(Db& db, std::string_view head, std::size_t columns, std::span<const Value> values,
                 std::size_t rows_per_statement) {
    if (columns == 0 || values.size() % columns != 0)
        throw InternalError(fmt::format("insert_many: {} values do not make rows of {} columns",
                                        values.size(), columns));
    std::string tuple = "(?";
    for (std::size_t c = 1; c < columns; ++c) tuple += ", ?";
    tuple += ")";
    const std::size_t rows = values.size() / columns;
    std::string sql;
    std::size_t sql_rows = 0;  // rows the text in `sql` is built for: reused while unchanged
    for (std::size_t r = 0; r < rows; r += rows_per_statement) {
        std::size_t n = std::min(rows_per_statement, rows - r);
        if (n != sql_rows) {
            sql = std::string(head) + " VALUES " + tuple;
            for (std::size_t i = 1; i < n; ++i) sql += ", " + tuple;
            sql_rows = n;
        }
        db.exec(sql, values.subspan(r * columns, n * columns));
    }
}

bool is_postgres_url(std::string_view url) noexcept {
    return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::unique_ptr<Db> open_workspace_db(const std::filesystem::path& workspace,
                                      const std::string& db_url, const RetryPolicy& policy) {
    std::unique_ptr<Db> db;
    if (is_postgres_url(db_url)) {
        db = open_postgres(db_url, policy);
    } else if (db_url.empty()) {
        if (workspace.empty())
            throw InvalidInputError("workspace: a directory is needed for the SQLite database");
        db = open_sqlite(workspace / "heatloop.db", policy);
    } else {
        throw InvalidInputError(fmt::format(
            "--db '{}': expected a postgresql://user@host:port/db URL (or nothing for the "
            "workspace's SQLite database)",
            db_url));
    }
    migrate(*db);
    return db;
}

}  // namespace heatloop::store
