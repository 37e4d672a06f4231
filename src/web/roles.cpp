#include "heatloop/web/roles.hpp"

#include <fmt/format.h>

#include <array>

#include "heatloop/core/error.hpp"

namespace heatloop::web {

namespace {

constexpr std::array<std::string_view, 3> k_names{"viewer", "reviewer", "admin"};

}  // namespace

std::string_view role_name(Role r) {
    return k_names[static_cast<std::size_t>(r)];
}

std::optional<Role> find_role(std::string_view name) {
    for (std::size_t i = 0; i < k_names.size(); ++i)
        if (k_names[i] == name) return static_cast<Role>(i);
    return std::nullopt;
}

Role parse_role(std::string_view name) {
    if (auto r = find_role(name)) return *r;
    throw InvalidInputError(
        fmt::format("role '{}': expected one of viewer, reviewer, admin", name));
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
