// Users and sessions on every backend (SQLite; PostgreSQL when HEATLOOP_PG_URL is set).
#include "heatloop/web/sessions.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/core/sha256.hpp"
#include "heatloop/web/users.hpp"
#include "support/scratch_db.hpp"

namespace heatloop::web {
namespace {

using test_support::Backend;

class SessionsTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        scratch_ = std::make_unique<test_support::ScratchDb>(GetParam(), "web");
        db_ = scratch_->open();
    }
    std::unique_ptr<test_support::ScratchDb> scratch_;
    std::unique_ptr<store::Db> db_;
    Timestamp now_ = 1'700'000'000'000;
};

TEST_P(SessionsTest, UsersAuthenticateOnlyWithTheirPassword) {
    UserStore users(*db_);
    users.add("ann", Role::reviewer, "s3cret-pass");
    EXPECT_EQ(users.authenticate("ann", "s3cret-pass"), (User{"ann", Role::reviewer}));
    EXPECT_FALSE(users.authenticate("ann", "wrong-pass").has_value());
    EXPECT_FALSE(users.authenticate("bob", "s3cret-pass").has_value());
    EXPECT_THROW(users.add("ann", Role::admin, "another-pass"), ConflictError);
    EXPECT_THROW(users.add("bad name", Role::admin, "another-pass"), InvalidInputError);
    EXPECT_THROW(users.add("bob", Role::admin, "short"), InvalidInputError);
    // The hash is argon2id, never the password.
    auto r = db_->exec("SELECT password_hash FROM web_users WHERE name = 'ann'");
    EXPECT_EQ(r.rows.at(0).get_text(0).rfind("$argon2id$", 0), 0u);
}

TEST_P(SessionsTest, SessionsExpireAndOnlyTheTokenHashIsStored) {
    UserStore(*db_).add("ann", Role::viewer, "s3cret-pass");
    SessionStore sessions(*db_, [this] { return now_; });
    const Session s = sessions.create(User{"ann", Role::viewer}, 1000);
    EXPECT_EQ(s.token.size(), 64u);
    EXPECT_EQ(s.csrf_token.size(), 64u);
    EXPECT_NE(s.token, s.csrf_token);
    EXPECT_EQ(s.expires_at, now_ + 1000);
    auto stored = db_->exec("SELECT token_sha256 FROM web_sessions");
    ASSERT_EQ(stored.rows.size(), 1u);
    EXPECT_EQ(stored.rows[0].get_text(0), sha256_hex(s.token));

    auto found = sessions.find(s.token);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->user, (User{"ann", Role::viewer}));
    EXPECT_EQ(found->csrf_token, s.csrf_token);  // the CSRF token belongs to the session
    EXPECT_TRUE(found->token.empty());
    EXPECT_FALSE(sessions.find("not-a-token").has_value());
    EXPECT_FALSE(sessions.find("").has_value());

    now_ += 999;
    EXPECT_TRUE(sessions.find(s.token).has_value());
    now_ += 1;  // expires_at is exclusive
    EXPECT_FALSE(sessions.find(s.token).has_value());
    EXPECT_TRUE(db_->exec("SELECT 1 FROM web_sessions").empty()) << "expired session deleted";
}

TEST_P(SessionsTest, SignOutEndsOnlyThatSession) {
    UserStore(*db_).add("ann", Role::admin, "s3cret-pass");
    SessionStore sessions(*db_, [this] { return now_; });
    const Session a = sessions.create(User{"ann", Role::admin});
    const Session b = sessions.create(User{"ann", Role::admin});
    sessions.remove(a.token);
    EXPECT_FALSE(sessions.find(a.token).has_value());
    EXPECT_TRUE(sessions.find(b.token).has_value());
    EXPECT_EQ(b.expires_at - now_, k_session_lifetime);
}

std::string name(const ::testing::TestParamInfo<Backend>& info) {
    return test_support::backend_name(info.param);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SessionsTest, ::testing::ValuesIn(test_support::sqlite_backend()),
                         name);
INSTANTIATE_TEST_SUITE_P(Postgres, SessionsTest,
                         ::testing::ValuesIn(test_support::postgres_if_configured()), name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SessionsTest);

}  // namespace
}  // namespace heatloop::web
