// The Set-Cookie values of the session cookie, with and without the Secure flag.
#include "web/session_cookie.hpp"

#include <gtest/gtest.h>

namespace heatloop::web {
namespace {

TEST(SessionCookie, SecureOnlyWhenAsked) {
    const std::string plain = session_cookie("tok", 43'200'000);
    EXPECT_EQ(plain, "heatloop_session=tok; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200");
    EXPECT_EQ(session_cookie("tok", 43'200'000, true), plain + "; Secure");
    EXPECT_EQ(cleared_session_cookie(true).find("Max-Age=0; Secure") != std::string::npos, true);
    EXPECT_EQ(cleared_session_cookie().find("Secure"), std::string::npos);
}

}  // namespace
}  // namespace heatloop::web
