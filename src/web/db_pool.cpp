#include "web/db_pool.hpp"

namespace heatloop::web {

DbPool::DbPool(std::filesystem::path workspace, std::string db_url)
    : workspace_(std::move(workspace)), db_url_(std::move(db_url)) {
    idle_.push_back(store::open_workspace_db(workspace_, db_url_));  // migrates
}

std::unique_ptr<store::Db> DbPool::open() const {
    // Already migrated by the constructor: open without the migration check.
    if (store::is_postgres_url(db_url_)) return store::open_postgres(db_url_);
    return store::open_sqlite(workspace_ / "heatloop.db");
}

DbPool::Lease DbPool::acquire() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            auto db = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(db));
        }
    }
    return Lease(*this, open());
}

DbPool::Lease::~Lease() {
    if (!db_) return;
    // A connection left inside a transaction (never expected) is dropped, not reused.
    if (db_->in_transaction()) return;
    std::lock_guard lock(pool_->mutex_);
    pool_->idle_.push_back(std::move(db_));
}

}  // namespace heatloop::web
