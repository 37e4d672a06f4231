// POST/GET/DELETE /api/v1/session: sign in, who am I, sign out.
#include "heatloop/web/api_error.hpp"
#include "heatloop/web/passwords.hpp"
#include "heatloop/web/users.hpp"
#include "web/api/api.hpp"
#include "web/input.hpp"
#include "web/session_cookie.hpp"

namespace heatloop::web::api {

namespace {

nlohmann::json session_json(const Session& s) {
    return {{"user", {{"name", s.user.name}, {"role", role_name(s.user.role)}}},
            {"csrf_token", s.csrf_token}};
}

void sign_in(Call& call) {
    const nlohmann::json& body = call.body();
    reject_unknown_fields(body, {"username", "password"});
    const std::string name = required_string(body, "username", 64);
    const std::string password = required_string(body, "password", 1024);
    auto user = UserStore(call.db()).authenticate(name, password);
    if (!user) throw ApiError(401, "unauthorized", "wrong user name or password");
    const Session s = SessionStore(call.db()).create(*user);
    call.res().set_header("Set-Cookie", session_cookie(s.token, k_session_lifetime));
    call.reply(200, session_json(s));
}

void current(Call& call) {
    call.reply(200, session_json(*call.session()));
}

void sign_out(Call& call) {
    SessionStore(call.db()).remove(session_token(call.req()));
    call.res().set_header("Set-Cookie", cleared_session_cookie());
    call.no_content();
}

}  // namespace

void add_session_routes(Router& r) {
    r.add("POST", "/api/v1/session", Access::anyone, sign_in, RouteFlags{.csrf = false});
    r.add("GET", "/api/v1/session", Access::signed_in, current);
    r.add("DELETE", "/api/v1/session", Access::signed_in, sign_out);
}

}  // namespace heatloop::web::api
