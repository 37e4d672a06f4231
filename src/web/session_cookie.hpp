#pragma once
// The session cookie: its name, reading it from a request, and the Set-Cookie values that
// set and clear it (HttpOnly, SameSite=Strict, Path=/, with the session's lifetime).

#include <httplib.h>

#include <string>

#include "heatloop/core/time.hpp"

namespace heatloop::web {

inline constexpr const char* k_session_cookie = "heatloop_session";

// The session token of the request's Cookie header ("" when there is none).
std::string session_token(const httplib::Request& req);
// Set-Cookie value for a new session of `lifetime` ms.
std::string session_cookie(const std::string& token, Duration lifetime);
// Set-Cookie value that deletes the cookie.
std::string cleared_session_cookie();

}  // namespace heatloop::web
