// GET/POST /api/v1/users (admin): list and add users.
#include <fmt/format.h>

#include "heatloop/web/api_error.hpp"
#include "heatloop/web/users.hpp"
#include "web/api/api.hpp"
#include "web/input.hpp"

namespace heatloop::web::api {

namespace {

nlohmann::json user_json(const User& u) {
    return {{"name", u.name}, {"role", role_name(u.role)}};
}

void list(Call& call) {
    nlohmann::json users = nlohmann::json::array();
    for (const User& u : UserStore(call.db()).list()) users.push_back(user_json(u));
    call.reply(200, {{"users", users}});
}

void add(Call& call) {
    const nlohmann::json& body = call.body();
    reject_unknown_fields(body, {"name", "role", "password"});
    const std::string name = required_string(body, "name", 64);
    const std::string role_text = required_string(body, "role", 20);
    const std::string password = required_string(body, "password", 1024);
    auto role = find_role(role_text);
    if (!role)
        throw bad_request("role",
                          fmt::format("role '{}': expected viewer, reviewer or admin", role_text));
    if (!is_valid_user_name(name))
        throw bad_request("name", fmt::format("name '{}': expected 1-64 characters a-z, A-Z, "
                                              "0-9, '_', '-' or '.', starting with a letter or "
                                              "digit",
                                              name));
    if (password.size() < k_min_password_length)
        throw bad_request("password", fmt::format("password: must have at least {} characters",
                                                  k_min_password_length));
    call.reply(201, user_json(UserStore(call.db()).add(name, *role, password)));
}

}  // namespace

void add_user_routes(Router& r) {
    r.add("GET", "/api/v1/users", Access::admin, list);
    r.add("POST", "/api/v1/users", Access::admin, add);
}

}  // namespace heatloop::web::api
