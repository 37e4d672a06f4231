#pragma once
// The session cookie: its name, reading it from a request, and the Set-Cookie values that
// set and clear it (HttpOnly, SameSite=Strict, Path=/, with the session's lifetime; Secure
// when served over HTTPS through a proxy).

#include <httplib.h>

#include <string>

#include "heatloop/core/time.hpp"

namespace heatloop::web {

inline constexpr const char* k_session_cookie = "heatloop_session";

// The session token of the request's Cookie header ("" when there is none).
std::string session_token(const httplib::Request& req);
// Set-Cookie value for a new session of `lifetime` ms; `secure` adds the Secure flag (the
// browser then sends the cookie over HTTPS only: serve --behind-https-proxy).
std::string session_cookie(const std::string& token, Duration lifetime, bool secure = false);
// Set-Cookie value that deletes the cookie.
std::string cleared_session_cookie(bool secure = false);

}  // namespace heatloop::web
