#include "unit/tracking/tracking_fixture.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

namespace heatloop::tracking::fake {

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

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::sqlite ? "Sqlite" : "Postgres";
}

void TrackingTest::SetUp() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "heatloop-trk-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    if (GetParam() == Backend::postgres) {
        static std::atomic<int> counter{0};
        schema_ = fmt::format("trk_{}_{}", getpid(), counter++);
        const std::string base = pg_base_url();
        try {
            auto admin = store::open_postgres(base);
            admin->exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
            admin->exec("CREATE SCHEMA " + schema_);
        } catch (const std::exception& e) {
            FAIL() << "HEATLOOP_PG_URL is set but PostgreSQL is unusable: " << e.what();
        }
        url_ = base + (base.find('?') == std::string::npos ? "?" : "&") +
               "options=-csearch_path%3D" + schema_;
    }
    db_ = open();
}

void TrackingTest::TearDown() {
    db_.reset();
    if (!schema_.empty()) {
        try {
            store::open_postgres(pg_base_url())
                ->exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        } catch (const std::exception&) {  // already reported by SetUp or the test
        }
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::unique_ptr<store::Db> TrackingTest::open() const {
    return store::open_workspace_db(dir_, url_);
}

}  // namespace heatloop::tracking::fake
