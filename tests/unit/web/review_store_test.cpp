// The review decisions of a run on every backend (SQLite; PostgreSQL when HEATLOOP_PG_URL is
// set): recorded once, found, listed newest first, and forgotten by an undo.
#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/web/review_queue.hpp"
#include "support/scratch_db.hpp"

namespace heatloop::web {
namespace {

using test_support::Backend;

class ReviewStoreTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        scratch_ = std::make_unique<test_support::ScratchDb>(GetParam(), "web");
        db_ = scratch_->open();
    }
    std::unique_ptr<test_support::ScratchDb> scratch_;
    std::unique_ptr<store::Db> db_;
};

TEST_P(ReviewStoreTest, DecisionsAreFoundListedNewestFirstAndUndone) {
    ReviewStore reviews(*db_);
    reviews.record({"run1", "m7", "reject", "rita", 1000, 7, "", 0, 0, 0.0});
    reviews.record({"run1", "cabc", "accept", "rita", 2000, 9, "", 0, 0, 0.0});
    reviews.record({"run1", "cdef", "reject", "bo", 3000, std::nullopt, "", 0, 0, 0.0});
    reviews.record({"run2", "m7", "accept", "bo", 4000, 7, "", 0, 0, 0.0});
    EXPECT_THROW(reviews.record({"run1", "m7", "accept", "bo", 5000, 7, "", 0, 0, 0.0}),
                 ConflictError);

    const auto d = reviews.find("run1", "m7");
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->decision, "reject");
    EXPECT_EQ(d->who, "rita");
    EXPECT_EQ(d->at, 1000);
    EXPECT_EQ(d->label_id, 7);
    EXPECT_FALSE(reviews.find("run1", "nope").has_value());
    EXPECT_FALSE(reviews.find("run1", "cdef")->label_id.has_value());

    const auto recent = reviews.recent("run1", 2);
    ASSERT_EQ(recent.size(), 2u);
    EXPECT_EQ(recent[0].key, "cdef");
    EXPECT_EQ(recent[1].key, "cabc");
    EXPECT_EQ(reviews.recent("run1", 10).size(), 3u);

    EXPECT_TRUE(reviews.erase("run1", "m7"));
    EXPECT_FALSE(reviews.erase("run1", "m7"));
    EXPECT_FALSE(reviews.decided("run1").contains("m7"));
    EXPECT_TRUE(reviews.decided("run2").contains("m7"));  // the other run's decision stays
    reviews.record(
        {"run1", "m7", "accept", "bo", 6000, 7, "", 0, 0, 0.0});  // decided anew after the undo
    EXPECT_EQ(reviews.find("run1", "m7")->decision, "accept");
}

TEST_P(ReviewStoreTest, DecisionsKeepTheirItemAndAreListedPerUnit) {
    ReviewStore reviews(*db_);
    reviews.record({"run1", "c1", "accept", "rita", 1000, 9, "u/1", 600'000, 1'200'000, 2.5});
    reviews.record({"run1", "m4", "reject", "bo", 2000, 4, "u2", 0, 60'000, 0.25});
    reviews.record({"run1", "c3", "reject", "bo", 3000, std::nullopt, "u/1", 5, 6, -1.0});
    reviews.record({"run2", "c9", "reject", "bo", 4000, std::nullopt, "u/1", 1, 2, 0.0});
    reviews.record({"run1", "c0", "reject", "bo", 500, std::nullopt, "", 0, 0, 0.0});  // no item

    const auto d = reviews.find("run1", "c1");
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->unit_id, "u/1");
    EXPECT_EQ(d->start, 600'000);
    EXPECT_EQ(d->end, 1'200'000);
    EXPECT_DOUBLE_EQ(d->score, 2.5);
    EXPECT_EQ(reviews.find("run1", "c0")->unit_id, "");

    const auto u1 = reviews.recent("run1", 10, std::string("u/1"));
    ASSERT_EQ(u1.size(), 2u);  // this run's, newest first
    EXPECT_EQ(u1[0].key, "c3");
    EXPECT_DOUBLE_EQ(u1[0].score, -1.0);
    EXPECT_EQ(u1[1].key, "c1");
    EXPECT_EQ(reviews.recent("run1", 1, std::string("u/1")).size(), 1u);
    EXPECT_EQ(reviews.recent("run1", 10, std::string("u2"))[0].key, "m4");
    EXPECT_TRUE(reviews.recent("run1", 10, std::string("nope")).empty());
    EXPECT_EQ(reviews.recent("run1", 10).size(), 4u);  // every unit's, and the one without
}

std::string name(const ::testing::TestParamInfo<Backend>& info) {
    return test_support::backend_name(info.param);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ReviewStoreTest,
                         ::testing::ValuesIn(test_support::sqlite_backend()), name);
INSTANTIATE_TEST_SUITE_P(Postgres, ReviewStoreTest,
                         ::testing::ValuesIn(test_support::postgres_if_configured()), name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ReviewStoreTest);

}  // namespace
}  // namespace heatloop::web
