#include "store_fixture.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "heatloop/core/error.hpp"
#include "heatloop/store/migrations.hpp"

namespace heatloop::store::testing {

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

void StoreTest::SetUp() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "heatloop-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    if (GetParam() == Backend::postgres) {
        static std::atomic<int> counter{0};
        schema_ = fmt::format("t_{}_{}", getpid(), counter++);
        std::string base = pg_base_url();
        try {
            auto admin = open_postgres(base);
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

void StoreTest::TearDown() {
    db_.reset();
    if (!schema_.empty()) {
        try {
            open_postgres(pg_base_url())->exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        } catch (const std::exception&) {  // the failure was reported by SetUp or the test
        }
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::unique_ptr<Db> StoreTest::open() const {
    return open_workspace_db(dir_, url_);
}

LabelService StoreTest::service() {
    return LabelService(*db_, [this] { return k_t0 + (clock_ += 1000); });
}

void StoreTest::add_units(int n) {
    std::vector<UnitInfo> units;
    for (int i = 1; i <= n; ++i)
        units.push_back({fmt::format("u{}", i), i % 2 ? "ASHP" : "GSHP", "zurich", {}});
    LabelService(*db_).sync_units(units);
}

LabelDraft StoreTest::draft(const std::string& unit, int hour, const std::string& category) {
    LabelDraft d;
    d.unit_id = unit;
    d.start = k_t0 + hour * k_hour_ms;
    d.end = d.start + k_hour_ms;
    d.category = category;
    d.confidence = 0.75;
    return d;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreTest, ::testing::ValuesIn(sqlite_backend()), backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, StoreTest, ::testing::ValuesIn(postgres_if_configured()),
                         backend_name);

}  // namespace heatloop::store::testing
