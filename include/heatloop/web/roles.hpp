#pragma once
/// Roles and what each may do (DESIGN.md "Web app"): viewers read, reviewers also change
/// labels and decide review items, admins also delete labels and manage users.

#include <optional>
#include <string_view>

namespace heatloop::web {

/// A signed-in user's role, in increasing power.
enum class Role { viewer, reviewer, admin };

/// What an endpoint requires.
enum class Access {
    anyone,     ///< no session needed (sign-in, static files)
    signed_in,  ///< any role: reads
    reviewer,   ///< reviewer or admin: label changes, review decisions
    admin,      ///< admin only: delete labels, users
};

/// "viewer", "reviewer" or "admin".
std::string_view role_name(Role r);
/// The role of that name, or nullopt.
std::optional<Role> find_role(std::string_view name);
/// The role of that name; InvalidInputError listing the valid names.
Role parse_role(std::string_view name);

/// The role table: may a user with `role` (nullopt = not signed in) use an endpoint that
/// requires `access`?
bool allowed(std::optional<Role> role, Access access);

}  // namespace heatloop::web
