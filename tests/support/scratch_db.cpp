#include "support/scratch_db.hpp"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace heatloop::test_support {

namespace {

std::string pg_base_url() {
    const char* url = std::getenv("HEATLOOP_PG_URL");
    return url ? url : "";
}

}  // namespace

std::vector<Backend> sqlite_backend() {
    return {Backend::sqlite};
}

std::vector<Backend> postgres_if_configured() {
    if (pg_base_url().empty()) return {};
    return {Backend::postgres};
}

std::string backend_name(Backend b) {
    return b == Backend::sqlite ? "Sqlite" : "Postgres";
}

ScratchDb::ScratchDb(Backend backend, std::string_view prefix) {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / fmt::format("{}-XXXXXX", prefix)).string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed for " + tmpl);
    dir_ = tmpl;
    if (backend == Backend::sqlite) return;
    static std::atomic<int> counter{0};
    schema_ = fmt::format("{}_{}_{}", prefix, getpid(), counter++);
    for (char& c : schema_)
        if (c == '-') c = '_';
    const std::string base = pg_base_url();
    try {
        auto admin = store::open_postgres(base);
        admin->exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        admin->exec("CREATE SCHEMA " + schema_);
    } catch (const std::exception& e) {
        std::filesystem::remove_all(dir_);
        throw std::runtime_error(
            fmt::format("HEATLOOP_PG_URL is set but PostgreSQL is unusable: {}", e.what()));
    }
    url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           schema_;
}

ScratchDb::~ScratchDb() {
    if (!schema_.empty()) {
        try {
            store::open_postgres(pg_base_url())
                ->exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        } catch (const std::exception&) {  // reported by the constructor or the test already
        }
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::unique_ptr<store::Db> ScratchDb::open() const {
    return store::open_workspace_db(dir_, url_);
}

}  // namespace heatloop::test_support
