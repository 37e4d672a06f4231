#include "heatloop/web/roles.hpp"

#include <array>

#include "heatloop/core/enum_names.hpp"

namespace heatloop::web {

namespace {

constexpr std::array k_roles{std::pair{Role::viewer, "viewer"},
                             std::pair{Role::reviewer, "reviewer"},
                             std::pair{Role::admin, "admin"}};

}  // namespace

std::string_view role_name(Role r) {
    return enum_name(k_roles, r);
}

std::optional<Role> find_role(std::string_view name) {
    return find_enum(k_roles, name);
}

Role parse_role(std::string_view name) {
    return parse_enum(k_roles, name, "role");
}

bool allowed(std::optional<Role> role, Access access) {
    switch (access) {
        case Access::anyone:
            return true;
        case Access::signed_in:
            return role.has_value();
        case Access::reviewer:
            return role == Role::reviewer || role == Role::admin;
        case Access::admin:
            return role == Role::admin;
    }
    return false;
}

}  // namespace heatloop::web
