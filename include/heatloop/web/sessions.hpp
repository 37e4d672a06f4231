#pragma once
/// Sign-in sessions (table web_sessions): the cookie carries a random token, the database
/// only its SHA-256, so a leaked database does not hand out sessions. Each session has its
/// own CSRF token and an expiry.

#include <functional>
#include <optional>
#include <string>

#include "heatloop/core/time.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/web/users.hpp"

namespace heatloop::web {

/// How long a session lasts (the cookie's Max-Age): 12 hours.
inline constexpr Duration k_session_lifetime = 12LL * 3600 * 1000;

/// A session as created (with the secret token) or found.
struct Session {
    std::string token;  ///< the cookie value (only known at creation)
    std::string csrf_token;
    User user;
    Timestamp expires_at = 0;
};

/// Sessions of one (migrated) database connection.
class SessionStore {
public:
    /// `clock` gives the time in ms (tests may move it); defaults to the system clock.
    explicit SessionStore(store::Db& db, std::function<Timestamp()> clock = {});

    /// A new session for `user`, expiring after `lifetime`. Also deletes expired sessions.
    Session create(const User& user, Duration lifetime = k_session_lifetime);
    /// The live session of a cookie token (token left empty); nullopt when unknown or
    /// expired (an expired one is deleted).
    std::optional<Session> find(const std::string& token);
    /// Ends a session (no-op when unknown).
    void remove(const std::string& token);

private:
    Timestamp now() const;
    store::Db& db_;
    std::function<Timestamp()> clock_;
};

}  // namespace heatloop::web
