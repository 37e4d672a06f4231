#pragma once
/// The web app's users (table web_users of the workspace database): a name, a role and an
/// argon2id password hash. Works on SQLite and PostgreSQL alike.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/store/db.hpp"
#include "heatloop/web/roles.hpp"

namespace heatloop::web {

/// A user as the API shows it (never the hash).
struct User {
    std::string name;
    Role role = Role::viewer;
    bool operator==(const User&) const = default;
};

/// Shortest password accepted.
inline constexpr std::size_t k_min_password_length = 8;

/// True for a valid user name: 1-64 of a-z, A-Z, 0-9, '_', '-', '.', starting with a letter
/// or digit.
bool is_valid_user_name(std::string_view name);

/// Users of one (migrated) database connection.
class UserStore {
public:
    explicit UserStore(store::Db& db) : db_(db) {}

    /// Adds a user with a hashed password. InvalidInputError naming the field for a bad name
    /// or a password shorter than k_min_password_length; ConflictError when the name exists.
    User add(const std::string& name, Role role, std::string_view password);
    /// The user of that name, if any.
    std::optional<User> find(const std::string& name);
    /// Every user, ordered by name.
    std::vector<User> list();
    /// The user when name and password match; nullopt otherwise (unknown name or wrong
    /// password alike, after the same work, so timing tells nothing about which).
    std::optional<User> authenticate(const std::string& name, std::string_view password);

private:
    store::Db& db_;
};

}  // namespace heatloop::web
