#include "heatloop/web/sessions.hpp"

#include <chrono>

#include "heatloop/core/sha256.hpp"
#include "heatloop/web/passwords.hpp"

namespace heatloop::web {

SessionStore::SessionStore(store::Db& db, std::function<Timestamp()> clock)
    : db_(db), clock_(std::move(clock)) {}

Timestamp SessionStore::now() const {
    if (clock_) return clock_();
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Session SessionStore::create(const User& user, Duration lifetime) {
    Session s{random_token(), random_token(), user, now() + lifetime};
    db_.transaction([&] {
        db_.exec("DELETE FROM web_sessions WHERE expires_at <= ?", {now()});
        db_.exec(
            "INSERT INTO web_sessions (token_sha256, user_name, csrf_token, created_at, "
            "expires_at) VALUES (?, ?, ?, ?, ?)",
            {sha256_hex(s.token), user.name, s.csrf_token, now(), s.expires_at});
    });
    return s;
}

std::optional<Session> SessionStore::find(const std::string& token) {
    if (token.empty()) return std::nullopt;
    const std::string key = sha256_hex(token);
    auto res = db_.transaction(
        [&] {
            return db_.exec(
                "SELECT u.name, u.role, s.csrf_token, s.expires_at FROM web_sessions s "
                "JOIN web_users u ON u.name = s.user_name WHERE s.token_sha256 = ?",
                {key});
        },
        store::TxKind::read);
    if (res.empty()) return std::nullopt;
    const store::Row& r = res.rows[0];
    if (r.get_int(3) <= now()) {
        remove(token);
        return std::nullopt;
    }
    return Session{{}, r.get_text(2), User{r.get_text(0), parse_role(r.get_text(1))}, r.get_int(3)};
}

void SessionStore::remove(const std::string& token) {
    if (token.empty()) return;
    db_.transaction(
        [&] { db_.exec("DELETE FROM web_sessions WHERE token_sha256 = ?", {sha256_hex(token)}); });
}

}  // namespace heatloop::web
