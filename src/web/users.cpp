#include "heatloop/web/users.hpp"

#include <fmt/format.h>

#include <chrono>

#include "heatloop/core/error.hpp"
#include "heatloop/web/passwords.hpp"

namespace heatloop::web {

namespace {

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

}  // namespace

bool is_valid_user_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || !is_name_char(name[0]) || name[0] == '_' ||
        name[0] == '-' || name[0] == '.')
        return false;
    for (char c : name)
        if (!is_name_char(c)) return false;
    return true;
}

User UserStore::add(const std::string& name, Role role, std::string_view password) {
    if (!is_valid_user_name(name))
        throw InvalidInputError(fmt::format(
            "name '{}': expected 1-64 characters a-z, A-Z, 0-9, '_', '-' or '.', starting with a "
            "letter or digit",
            name));
    if (password.size() < k_min_password_length)
        throw InvalidInputError(
            fmt::format("password: must have at least {} characters", k_min_password_length));
    const std::string hash = hash_password(password);  // slow: outside the transaction
    db_.transaction([&] {
        if (!db_.exec("SELECT 1 FROM web_users WHERE name = ?", {name}).empty())
            throw ConflictError(fmt::format("user '{}' already exists", name));
        db_.exec(
            "INSERT INTO web_users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
            {name, role_name(role), hash, now_ms()});
    });
    return User{name, role};
}

std::optional<User> UserStore::find(const std::string& name) {
    auto res = db_.transaction(
        [&] { return db_.exec("SELECT name, role FROM web_users WHERE name = ?", {name}); },
        store::TxKind::read);
    if (res.empty()) return std::nullopt;
    return User{res.rows[0].get_text(0), parse_role(res.rows[0].get_text(1))};
}

std::vector<User> UserStore::list() {
    auto res =
        db_.transaction([&] { return db_.exec("SELECT name, role FROM web_users ORDER BY name"); },
                        store::TxKind::read);
    std::vector<User> out;
    for (const store::Row& r : res.rows) out.push_back({r.get_text(0), parse_role(r.get_text(1))});
    return out;
}

std::optional<User> UserStore::authenticate(const std::string& name, std::string_view password) {
    // A fixed hash to verify against for unknown names: the same argon2id work either way.
    static const std::string k_dummy = hash_password("heatloop-no-such-user");
    auto res = db_.transaction(
        [&] {
            return db_.exec("SELECT name, role, password_hash FROM web_users WHERE name = ?",
                            {name});
        },
        store::TxKind::read);
    if (res.empty()) {
        (void)verify_password(password, k_dummy);
        return std::nullopt;
    }
    const store::Row& r = res.rows[0];
    if (!verify_password(password, r.get_text(2))) return std::nullopt;
    return User{r.get_text(0), parse_role(r.get_text(1))};
}

}  // namespace heatloop::web
