#pragma once
/// Password hashing (argon2id through libsodium) and random secrets for sessions and CSRF.

#include <string>
#include <string_view>

namespace heatloop::web {

/// An argon2id hash in libsodium's self-describing string form ("$argon2id$v=19$m=...").
/// InvalidInputError for an empty password; InternalError when out of memory.
std::string hash_password(std::string_view password);

/// True when `password` matches `hash` (a hash_password() string); false for any other
/// hash, including a malformed one.
bool verify_password(std::string_view password, const std::string& hash);

/// `bytes` cryptographically random bytes as lowercase hex (2 * bytes characters).
std::string random_token(std::size_t bytes = 32);

/// A random password for `heatloop users add` without --password-stdin: 20 characters
/// from a-z, A-Z, 2-9 without look-alikes.
std::string random_password();

/// Compares two strings in time independent of where they differ (for secrets).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace heatloop::web
