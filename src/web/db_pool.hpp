#pragma once
// Database connections for the server's worker threads. A Db is one connection and not
// thread-safe, so each request leases a connection of its own and returns it afterwards;
// SQLite's busy timeout and Db::transaction's retries make concurrent writers take turns.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "heatloop/store/db.hpp"

namespace heatloop::web {

class DbPool {
public:
    // Connections to the workspace's database (or `db_url`); migrates it once, now.
    DbPool(std::filesystem::path workspace, std::string db_url);

    // A connection for the current request, back to the pool when destroyed.
    class Lease {
    public:
        Lease(DbPool& pool, std::unique_ptr<store::Db> db) : pool_(&pool), db_(std::move(db)) {}
        Lease(Lease&&) = default;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();
        store::Db& db() noexcept { return *db_; }

    private:
        DbPool* pool_;
        std::unique_ptr<store::Db> db_;
    };

    Lease acquire();

private:
    std::unique_ptr<store::Db> open() const;
    std::filesystem::path workspace_;
    std::string db_url_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<store::Db>> idle_;
};

}  // namespace heatloop::web
