// PostgreSQL backend of Db over libpqxx 6: `?` placeholders are rewritten to $1..$n, each
// statement is prepared once per connection and executed with text parameters.

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <pqxx/pqxx>

#include "heatloop/core/error.hpp"
#include "heatloop/store/db.hpp"

namespace heatloop::store {

namespace {

// "?" -> "$1", "$2", ... outside quoted strings and identifiers.
std::string number_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int n = 0;
    char quote = 0;
    for (char c : sql) {
        if (quote) {
            if (c == quote) quote = 0;
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            out += fmt::format("${}", ++n);
        } else {
            out += c;
        }
    }
    return out;
}

// The URL without its password, for messages.
std::string redact(const std::string& url) {
    auto scheme = url.find("://");
    auto at = url.find('@');
    if (scheme == std::string::npos || at == std::string::npos) return url;
    auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon) + url.substr(at);
}

std::string param_text(const Value& v) {
    if (auto* d = std::get_if<double>(&v.get())) {
        if (std::isnan(*d)) return "NaN";
        if (std::isinf(*d)) return *d > 0 ? "Infinity" : "-Infinity";
        return fmt::format("{}", *d);  // shortest text that reads back to the same double
    }
    return v.as_text();
}

class PostgresDb final : public Db {
public:
    PostgresDb(const std::string& url, const RetryPolicy& policy) : url_(redact(url)) {
        set_retry_policy(policy);
        try {
            conn_ = std::make_unique<pqxx::connection>(url);
            pqxx::nontransaction n(*conn_);
            n.exec("SET client_min_messages TO WARNING");  // no NOTICEs on stderr
        } catch (const std::exception& e) {
            throw IoError(fmt::format("database {}: cannot connect: {}", url_, e.what()));
        }
    }

    ~PostgresDb() override {
        tx_.reset();  // aborts an unfinished transaction before the connection closes
    }

    Dialect dialect() const noexcept override { return Dialect::postgres; }
    std::string describe() const override { return url_; }

    Result exec(std::string_view sql, std::span<const Value> params) override {
        // Transaction control goes through pqxx's transaction objects.
        if (sql == "BEGIN" || sql == "COMMIT")
            throw InternalError("postgres: use Db::transaction() for transaction control");
        const std::string& name = prepare(sql);
        std::vector<std::string> texts;
        std::vector<const char*> ptrs;
        texts.reserve(params.size());
        for (const Value& v : params) texts.push_back(param_text(v));
        for (std::size_t i = 0; i < params.size(); ++i)
            ptrs.push_back(params[i].is_null() ? nullptr : texts[i].c_str());
        return guarded(sql, [&](pqxx::transaction_base& t) {
            return convert(t.exec_prepared(name, pqxx::prepare::make_dynamic_params(ptrs)));
        });
    }

    void exec_script(std::string_view sql) override {
        guarded(sql, [&](pqxx::transaction_base& t) {
            t.exec(std::string(sql));
            return Result{};
        });
    }

protected:
    void begin(TxKind kind) override {
        try {
            // Reads see one snapshot throughout; writes read the latest committed rows after
            // each lock they take (read committed), and are serialised by the revision row.
            if (kind == TxKind::read)
                tx_ = std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(
                    *conn_);
            else
                tx_ = std::make_unique<pqxx::work>(*conn_);
        } catch (const std::exception& e) {
            throw IoError(fmt::format("{}: cannot begin a transaction: {}", url_, e.what()));
        }
    }
    void commit() override {
        guarded("COMMIT", [&](pqxx::transaction_base&) {
            tx_->commit();
            return Result{};
        });
        tx_.reset();
    }
    void rollback() noexcept override {
        try {
            if (tx_) tx_->abort();
        } catch (...) {  // the connection may be gone; nothing left to undo
        }
        tx_.reset();
    }

private:
    const std::string& prepare(std::string_view sql) {
        auto it = names_.find(sql);
        if (it != names_.end()) return it->second;
        std::string name = fmt::format("s{}", names_.size() + 1);
        try {
            conn_->prepare(name, number_placeholders(sql));
        } catch (const std::exception& e) {
            throw InternalError(fmt::format("{}: cannot prepare '{}': {}", url_, sql, e.what()));
        }
        return names_.emplace(std::string(sql), std::move(name)).first->second;
    }

    // Runs `f` in the open transaction, or in a one-statement nontransaction, and maps
    // libpqxx errors to heatloop's kinds.
    template <class F>
    Result guarded(std::string_view sql, F&& f) {
        try {
            if (tx_) return f(*tx_);
            pqxx::nontransaction n(*conn_);
            return f(n);
        } catch (const pqxx::serialization_failure& e) {
            throw BusyError(e.what());
        } catch (const pqxx::deadlock_detected& e) {
            throw BusyError(e.what());
        } catch (const pqxx::integrity_constraint_violation& e) {
            throw ConflictError(e.what());
        } catch (const pqxx::broken_connection& e) {
            throw IoError(fmt::format("{}: connection lost: {}", url_, e.what()));
        } catch (const pqxx::sql_error& e) {
            if (e.sqlstate().starts_with("42"))  // syntax error or undefined object: a bug
                throw InternalError(fmt::format("{}: '{}': {}", url_, sql, e.what()));
            throw IoError(
                fmt::format("{}: '{}': {} (SQLSTATE {})", url_, sql, e.what(), e.sqlstate()));
        } catch (const pqxx::in_doubt_error& e) {
            throw IoError(fmt::format("{}: commit outcome unknown: {}", url_, e.what()));
        }
    }

    static Result convert(const pqxx::result& r) {
        Result out;
        out.affected = static_cast<std::int64_t>(r.affected_rows());
        const auto cols = r.columns();
        out.rows.reserve(r.size());
        for (const auto& row : r) {
            std::vector<Value> cells;
            cells.reserve(cols);
            for (pqxx::row::size_type c = 0; c < cols; ++c) {
                const auto& f = row[c];
                if (f.is_null())
                    cells.emplace_back();
                else
                    cells.emplace_back(std::string(f.c_str(), f.size()));
            }
            out.rows.emplace_back(std::move(cells));
        }
        return out;
    }

    std::string url_;
    std::unique_ptr<pqxx::connection> conn_;
    std::unique_ptr<pqxx::transaction_base> tx_;
    std::map<std::string, std::string, std::less<>> names_;
};

}  // namespace

std::unique_ptr<Db> open_postgres(const std::string& url, const RetryPolicy& policy) {
    return std::make_unique<PostgresDb>(url, policy);
}

}  // namespace heatloop::store
