#include "heatloop/web/passwords.hpp"

#include <gtest/gtest.h>

#include <set>

#include "heatloop/core/error.hpp"

namespace heatloop::web {
namespace {

TEST(Passwords, HashIsArgon2idAndVerifiesOnlyTheSamePassword) {
    const std::string h = hash_password("correct horse");
    EXPECT_EQ(h.rfind("$argon2id$", 0), 0u) << h;
    EXPECT_TRUE(verify_password("correct horse", h));
    EXPECT_FALSE(verify_password("correct hors", h));
    EXPECT_FALSE(verify_password("", h));
    // Salted: the same password hashes differently each time, and both verify.
    const std::string h2 = hash_password("correct horse");
    EXPECT_NE(h, h2);
    EXPECT_TRUE(verify_password("correct horse", h2));
}

TEST(Passwords, MalformedHashesNeverVerify) {
    EXPECT_FALSE(verify_password("x", ""));
    EXPECT_FALSE(verify_password("x", "plain-text"));
    EXPECT_FALSE(verify_password("x", "$argon2i$v=19$m=65536,t=2,p=1$abc$def"));
    EXPECT_FALSE(verify_password("x", "$argon2id$garbage"));
}

TEST(Passwords, EmptyPasswordIsRefused) {
    EXPECT_THROW(hash_password(""), InvalidInputError);
}

TEST(Tokens, RandomHexOfTheAskedLength) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const std::string t = random_token(32);
        EXPECT_EQ(t.size(), 64u);
        EXPECT_EQ(t.find_first_not_of("0123456789abcdef"), std::string::npos);
        seen.insert(t);
    }
    EXPECT_EQ(seen.size(), 100u);
    EXPECT_EQ(random_password().size(), 20u);
}

TEST(Tokens, ConstantTimeEqual) {
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "ab"));
    EXPECT_FALSE(constant_time_equal("", "a"));
    EXPECT_TRUE(constant_time_equal("", ""));
}

}  // namespace
}  // namespace heatloop::web
