// Sign-in back-off: free failures, doubling waits, per account and per address, forgetting.
#include "heatloop/web/login_throttle.hpp"

#include <gtest/gtest.h>

namespace heatloop::web {
namespace {

class LoginThrottleTest : public ::testing::Test {
protected:
    Timestamp now_ = 1'700'000'000'000;
    LoginThrottle throttle_{LoginThrottleLimits{}, [this] { return now_; }};

    // `n` failed attempts as `account` from `address`, one every `step` ms; all must be let
    // through.
    void fail(int n, const std::string& account, const std::string& address, Duration step = 0) {
        for (int i = 0; i < n; ++i) {
            ASSERT_EQ(throttle_.begin(account, address), 0) << "attempt " << i + 1;
            now_ += step;
        }
    }
};

TEST_F(LoginThrottleTest, AnAccountBacksOffAfterFiveFailuresAndTheWaitDoubles) {
    fail(6, "ann", "10.0.0.1");  // five free failures and one more
    EXPECT_EQ(throttle_.begin("ann", "10.0.0.1"), 1000);
    now_ += 400;
    EXPECT_EQ(throttle_.begin("ann", "10.0.0.2"), 600) << "another address does not help";
    now_ += 600;
    EXPECT_EQ(throttle_.begin("ann", "10.0.0.1"), 0);  // the 7th attempt, after the wait
    EXPECT_EQ(throttle_.begin("ann", "10.0.0.1"), 2000);
    now_ += 2000;
    EXPECT_EQ(throttle_.begin("ann", "10.0.0.1"), 0);
    EXPECT_EQ(throttle_.begin("ann", "10.0.0.1"), 4000);
    // Another account from the same address is not held back by ann's failures.
    EXPECT_EQ(throttle_.begin("bob", "10.0.0.1"), 0);
}

TEST_F(LoginThrottleTest, FifteenGuessesASecondAreNotAcceptedIndefinitely) {
    int accepted = 0;
    for (int i = 0; i < 15 * 60; ++i) {  // a minute of 15 guesses per second
        if (throttle_.begin("admin", "10.0.0.9") == 0) ++accepted;
        now_ += 1000 / 15;
    }
    // Five free, then waits of 1, 2, 4, 8, 16, 32 s: about ten guesses in the minute.
    EXPECT_LE(accepted, 12);
    EXPECT_GE(accepted, 6);
}

TEST_F(LoginThrottleTest, AnAddressBacksOffAfterTwentyFailuresOverManyAccounts) {
    for (int i = 0; i < 21; ++i) fail(1, "user" + std::to_string(i), "10.0.0.7");
    EXPECT_EQ(throttle_.begin("user99", "10.0.0.7"), 1000);
    EXPECT_EQ(throttle_.begin("user99", "10.0.0.8"), 0);
}

TEST_F(LoginThrottleTest, SuccessClearsTheAccountAndQuietTimeForgets) {
    fail(6, "ann", "10.0.0.1");
    ASSERT_GT(throttle_.begin("ann", "10.0.0.1"), 0);
    now_ += 1000;
    ASSERT_EQ(throttle_.begin("ann", "10.0.0.1"), 0);
    throttle_.succeeded("ann", "10.0.0.1");
    fail(5, "ann", "10.0.0.1");  // the free failures are back

    fail(12, "bob", "10.0.0.3", 60 * 60 * 1000 + 1);  // each after more than an hour
    EXPECT_EQ(throttle_.begin("bob", "10.0.0.3"), 0);
}

TEST_F(LoginThrottleTest, TheWaitIsCappedAndTheTablesAreBounded) {
    LoginThrottleLimits limits;
    limits.max_entries = 3;
    LoginThrottle small(limits, [this] { return now_; });
    for (int i = 0; i < 60; ++i) {
        Duration w = small.begin("ann", "10.0.0.1");
        EXPECT_LE(w, limits.max_wait);
        now_ += w;
    }
    EXPECT_EQ(small.begin("ann", "10.0.0.1"), limits.max_wait);
    // Many names fill the table; the oldest are dropped, the newest still count.
    for (int i = 0; i < 100; ++i) {
        now_ += 1;
        small.begin("name" + std::to_string(i), "10.0.1." + std::to_string(i));
    }
    for (int i = 0; i < 5; ++i) EXPECT_EQ(small.begin("name99", "10.0.2.1"), 0);
    EXPECT_GT(small.begin("name99", "10.0.2.1"), 0);
}

}  // namespace
}  // namespace heatloop::web
