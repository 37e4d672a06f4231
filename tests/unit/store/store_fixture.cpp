#include "store_fixture.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "heatloop/store/migrations.hpp"

namespace heatloop::store::testing {

void StoreTest::SetUp() {
    try {
        scratch_ = std::make_unique<test_support::ScratchDb>(GetParam(), "heatloop-store");
    } catch (const std::exception& e) {
        FAIL() << e.what();
    }
    dir_ = scratch_->dir();
    url_ = scratch_->url();
    db_ = open();
}

void StoreTest::TearDown() {
    db_.reset();
    scratch_.reset();
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

namespace {
std::string param_name(const ::testing::TestParamInfo<Backend>& info) {
    return test_support::backend_name(info.param);
}
}  // namespace

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreTest, ::testing::ValuesIn(test_support::sqlite_backend()),
                         param_name);
INSTANTIATE_TEST_SUITE_P(Postgres, StoreTest,
                         ::testing::ValuesIn(test_support::postgres_if_configured()), param_name);

}  // namespace heatloop::store::testing
