#pragma once
/// Back-off for failed sign-ins, per account name and per client address: after a few free
/// failures each further one doubles the wait before the next try (1 s, 2 s, 4 s, ... up to a
/// cap). A try during the wait is refused without checking the password (HTTP 429 with
/// Retry-After). Failures are forgotten after a quiet period; a successful sign-in clears its
/// account. In memory, bounded, shared by every request of one server.

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "heatloop/core/time.hpp"

namespace heatloop::web {

/// The back-off's settings (docs/web-api.md "Sign-in back-off").
struct LoginThrottleLimits {
    int account_free_failures = 5;           ///< per account name before the back-off starts
    int address_free_failures = 20;          ///< per client address (several users behind NAT)
    Duration first_wait = 1000;              ///< ms after the first failure beyond the free ones
    Duration max_wait = 15 * 60 * 1000;      ///< cap of the doubling
    Duration forget_after = 60 * 60 * 1000;  ///< failures older than this no longer count
    std::size_t max_entries = 10'000;        ///< per table; the stalest entries go first
};

class LoginThrottle {
public:
    /// `clock` gives the time in ms (tests move it); defaults to the system clock.
    explicit LoginThrottle(LoginThrottleLimits limits = {}, std::function<Timestamp()> clock = {});

    /// Starts a sign-in attempt: 0 when it may go ahead (it then counts as a failure until
    /// succeeded() says otherwise, so concurrent guesses cannot slip past the count), else
    /// the ms to wait before the next try (the attempt is refused and not counted).
    Duration begin(const std::string& account, const std::string& address);
    /// The attempt begun for `account` from `address` succeeded: the account's failures are
    /// forgotten and the attempt no longer counts against the address.
    void succeeded(const std::string& account, const std::string& address);

private:
    struct Entry {
        int failures = 0;
        Timestamp last = 0;  ///< time of the latest counted attempt
    };
    using Table = std::map<std::string, Entry, std::less<>>;

    Timestamp now() const;
    Duration wait(Table& table, const std::string& key, int free_failures, Timestamp t) const;
    void count(Table& table, const std::string& key, Timestamp t);

    LoginThrottleLimits limits_;
    std::function<Timestamp()> clock_;
    std::mutex mu_;
    Table accounts_;
    Table addresses_;
};

}  // namespace heatloop::web
