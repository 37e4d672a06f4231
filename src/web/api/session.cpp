// POST/GET/DELETE /api/v1/session: sign in, who am I, sign out.
#include <fmt/format.h>

#include "heatloop/core/text.hpp"
#include "heatloop/web/api_error.hpp"
#include "heatloop/web/passwords.hpp"
#include "heatloop/web/users.hpp"
#include "web/api/api.hpp"
#include "web/app_state.hpp"
#include "web/input.hpp"
#include "web/session_cookie.hpp"

namespace heatloop::web::api {

namespace {

nlohmann::json session_json(const Session& s) {
    return {{"user", {{"name", s.user.name}, {"role", role_name(s.user.role)}}},
            {"csrf_token", s.csrf_token}};
}

// The client's address: the peer, or behind a declared proxy the last X-Forwarded-For
// entry (the one the proxy appended; earlier ones are the client's to choose).
std::string client_address(Call& call) {
    const httplib::Request& req = call.req();
    if (call.app().options.behind_https_proxy) {
        const std::string forwarded = req.get_header_value("X-Forwarded-For");
        const auto parts = split_list(forwarded, ',');
        if (!parts.empty()) return parts.back();
    }
    return req.remote_addr;
}

void sign_in(Call& call) {
    const nlohmann::json& body = call.body();
    reject_unknown_fields(body, {"username", "password"});
    const std::string name = required_string(body, "username", 64);
    const std::string password = required_string(body, "password", 1024);
    // Back-off before the (deliberately slow) password check: a refused guess costs nothing.
    LoginThrottle& throttle = call.app().sign_ins;
    const std::string address = client_address(call);
    if (const Duration wait = throttle.begin(name, address); wait > 0) {
        const Duration seconds = (wait + 999) / 1000;
        call.res().set_header("Retry-After", std::to_string(seconds));
        throw ApiError(429, "too_many_requests",
                       fmt::format("too many failed sign-ins for this user or address; try "
                                   "again in {} s",
                                   seconds));
    }
    auto user = UserStore(call.db()).authenticate(name, password);
    if (!user) throw ApiError(401, "unauthorized", "wrong user name or password");
    throttle.succeeded(name, address);
    const bool secure = call.app().options.behind_https_proxy;
    const Session s = SessionStore(call.db()).create(*user);
    call.res().set_header("Set-Cookie", session_cookie(s.token, k_session_lifetime, secure));
    call.reply(200, session_json(s));
}

void current(Call& call) {
    call.reply(200, session_json(*call.session()));
}

void sign_out(Call& call) {
    SessionStore(call.db()).remove(session_token(call.req()));
    call.res().set_header("Set-Cookie",
                          cleared_session_cookie(call.app().options.behind_https_proxy));
    call.no_content();
}

}  // namespace

void add_session_routes(Router& r) {
    r.add("POST", "/api/v1/session", Access::anyone, sign_in, RouteFlags{.csrf = false});
    r.add("GET", "/api/v1/session", Access::signed_in, current);
    r.add("DELETE", "/api/v1/session", Access::signed_in, sign_out);
}

}  // namespace heatloop::web::api
