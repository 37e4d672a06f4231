#include "unit/tracking/tracking_fixture.hpp"

namespace heatloop::tracking::fake {

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
    return test_support::backend_name(info.param);
}

void TrackingTest::SetUp() {
    try {
        scratch_ = std::make_unique<test_support::ScratchDb>(GetParam(), "heatloop-trk");
    } catch (const std::exception& e) {
        FAIL() << e.what();
    }
    dir_ = scratch_->dir();
    url_ = scratch_->url();
    db_ = open();
}

void TrackingTest::TearDown() {
    db_.reset();
    scratch_.reset();
}

std::unique_ptr<store::Db> TrackingTest::open() const {
    return store::open_workspace_db(dir_, url_);
}

}  // namespace heatloop::tracking::fake
