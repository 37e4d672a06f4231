#pragma once
/// The storage layer under every repository: one connection to SQLite or PostgreSQL,
/// statements with `?` placeholders (prepared once and cached per SQL text), bound
/// parameters, transactions, and a retry policy for busy databases. Repositories are
/// written once against this interface and run on both backends.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace heatloop::store {

/// Which SQL engine is behind a Db (for the few statements whose spelling differs).
enum class Dialect { sqlite, postgres };

/// "sqlite" or "postgres".
std::string_view dialect_name(Dialect d);

/// A parameter bound to a statement or a cell read from a row: NULL, integer, real or text.
class Value {
public:
    /// NULL.
    Value() = default;
    Value(std::nullptr_t) {}
    Value(int v) : v_(static_cast<std::int64_t>(v)) {}
    Value(long v) : v_(static_cast<std::int64_t>(v)) {}
    Value(long long v) : v_(static_cast<std::int64_t>(v)) {}
    Value(unsigned v) : v_(static_cast<std::int64_t>(v)) {}
    Value(unsigned long v) : v_(static_cast<std::int64_t>(v)) {}
    Value(unsigned long long v) : v_(static_cast<std::int64_t>(v)) {}
    Value(bool v) : v_(static_cast<std::int64_t>(v ? 1 : 0)) {}
    Value(double v) : v_(v) {}
    Value(std::string v) : v_(std::move(v)) {}
    Value(std::string_view v) : v_(std::string(v)) {}
    Value(const char* v) : v_(std::string(v)) {}
    /// An empty optional binds NULL.
    template <class T>
    Value(const std::optional<T>& v) {
        if (v) *this = Value(*v);
    }

    /// True for NULL.
    bool is_null() const noexcept { return std::holds_alternative<std::monostate>(v_); }
    /// The value as an integer (text is parsed); throws InternalError for NULL or non-numbers.
    std::int64_t as_int() const;
    /// The value as a real (integers and text are converted); throws InternalError for NULL.
    double as_double() const;
    /// The value as text (numbers are formatted); "" for NULL.
    std::string as_text() const;

    /// The underlying alternative.
    const std::variant<std::monostate, std::int64_t, double, std::string>& get() const noexcept {
        return v_;
    }

private:
    std::variant<std::monostate, std::int64_t, double, std::string> v_;
};

/// One result row; cells are addressed by 0-based column index in SELECT order.
class Row {
public:
    Row() = default;
    explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
    /// Number of columns.
    std::size_t size() const noexcept { return cells_.size(); }
    /// The raw cell (throws InternalError when out of range).
    const Value& at(std::size_t i) const;
    /// True when the cell is NULL.
    bool is_null(std::size_t i) const { return at(i).is_null(); }
    /// Integer cell (NULL throws InternalError).
    std::int64_t get_int(std::size_t i) const { return at(i).as_int(); }
    /// Real cell (NULL throws InternalError).
    double get_double(std::size_t i) const { return at(i).as_double(); }
    /// Text cell ("" for NULL).
    std::string get_text(std::size_t i) const { return at(i).as_text(); }
    /// Text cell ("" for NULL) with ill-formed UTF-8 replaced by U+FFFD: for text a store
    /// may hold from before input was validated, so that reading it never fails.
    std::string get_stored_text(std::size_t i) const;
    /// Integer cell or nullopt for NULL.
    std::optional<std::int64_t> opt_int(std::size_t i) const;
    /// Real cell or nullopt for NULL.
    std::optional<double> opt_double(std::size_t i) const;
    /// Text cell or nullopt for NULL.
    std::optional<std::string> opt_text(std::size_t i) const;

private:
    std::vector<Value> cells_;
};

/// The rows a statement returned and how many rows it changed.
struct Result {
    std::vector<Row> rows;
    std::int64_t affected = 0;  ///< rows inserted, updated or deleted
    /// True when no row came back.
    bool empty() const noexcept { return rows.empty(); }
    /// The only row; throws InternalError naming `what` unless there is exactly one.
    const Row& one(std::string_view what = "statement") const&;
    /// The only row of a temporary result, by value (safe to bind to `const Row&`).
    Row one(std::string_view what = "statement") &&;
};

/// How often a transaction is retried when the database is busy (SQLite: another writer
/// holds the lock beyond busy_timeout; PostgreSQL: serialization failure or deadlock).
struct RetryPolicy {
    int max_attempts = 50;                         ///< attempts in total
    std::chrono::milliseconds initial_backoff{5};  ///< first wait, doubled each time
    std::chrono::milliseconds max_backoff{500};    ///< cap of one wait
    std::chrono::milliseconds busy_timeout{5000};  ///< SQLite busy_timeout per statement
};

/// What a transaction will do; SQLite takes the write lock up front for `write`.
enum class TxKind { read, write };

/// One connection. Not thread-safe: use one Db per thread or process.
class Db {
public:
    virtual ~Db() = default;
    Db() = default;
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    /// The SQL engine behind this connection.
    virtual Dialect dialect() const noexcept = 0;
    /// Where the data lives, without credentials ("sqlite:ws/heatloop.db",
    /// "postgresql://host:5432/db").
    virtual std::string describe() const = 0;

    /// Run one statement with `?` placeholders bound to `params` in order. The statement is
    /// prepared on first use and cached by its text. Use RETURNING to read generated keys.
    /// Throws ConflictError on a unique/foreign-key/check violation, IoError when the
    /// database fails.
    virtual Result exec(std::string_view sql, std::span<const Value> params) = 0;
    /// Same, with the parameters written inline: `db.exec("... id = ?", {id})`.
    Result exec(std::string_view sql, std::initializer_list<Value> params = {}) {
        return exec(sql, std::span<const Value>(params.begin(), params.size()));
    }
    /// Run a script of several statements without parameters (migrations, DDL).
    virtual void exec_script(std::string_view sql) = 0;

    /// Run `work` in one transaction: committed when it returns, rolled back when it
    /// throws. When the database is busy the whole of `work` is retried per the policy, so
    /// `work` must not have effects outside the database. Nested calls join the outer
    /// transaction.
    template <class F>
    auto transaction(F&& work, TxKind kind = TxKind::write) -> std::invoke_result_t<F&> {
        using R = std::invoke_result_t<F&>;
        if constexpr (std::is_void_v<R>) {
            run_transaction(kind, [&] { work(); });
        } else {
            std::optional<R> out;
            run_transaction(kind, [&] { out.emplace(work()); });
            return std::move(*out);
        }
    }

    /// True inside transaction().
    bool in_transaction() const noexcept { return depth_ > 0; }
    /// The retry policy in force.
    const RetryPolicy& retry_policy() const noexcept { return policy_; }
    void set_retry_policy(const RetryPolicy& p) { policy_ = p; }

protected:
    /// Start, commit, and roll back the connection's transaction.
    virtual void begin(TxKind kind) = 0;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;

private:
    void run_transaction(TxKind kind, const std::function<void()>& work);
    int depth_ = 0;
    RetryPolicy policy_;
};

/// Thrown by a backend when the statement failed only because the database was busy or a
/// concurrent transaction won; Db::transaction() retries on it.
class BusyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Insert many rows with multi-row INSERT statements of up to `rows_per_statement` rows each
/// (a few statements instead of one round trip per row). `head` is "INSERT INTO t (a, b)";
/// `values` holds the rows one after another, `columns` values per row.
void insert_many(Db& db, std::string_view head, std::size_t columns, std::span<const Value> values,
                 std::size_t rows_per_statement = 100);

/// Open SQLite at `file` (created with its directory when missing) in WAL mode with
/// synchronous=FULL, foreign keys on and the policy's busy_timeout. Does not migrate.
std::unique_ptr<Db> open_sqlite(const std::filesystem::path& file, const RetryPolicy& policy = {});

/// Connect to PostgreSQL by URL ("postgresql://user@host:port/db?options=..."). Does not
/// migrate. Throws IoError naming the server when it cannot connect.
std::unique_ptr<Db> open_postgres(const std::string& url, const RetryPolicy& policy = {});

/// True for "postgresql://..." and "postgres://..." URLs.
bool is_postgres_url(std::string_view url) noexcept;

/// The database of a workspace: PostgreSQL when `db_url` is a postgresql:// URL, else SQLite
/// at <workspace>/heatloop.db. Applies every pending migration before returning.
std::unique_ptr<Db> open_workspace_db(const std::filesystem::path& workspace,
                                      const std::string& db_url = {},
                                      const RetryPolicy& policy = {});

}  // namespace heatloop::store
