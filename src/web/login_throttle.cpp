#include "heatloop/web/login_throttle.hpp"

#include <algorithm>
#include <chrono>

namespace heatloop::web {

LoginThrottle::LoginThrottle(LoginThrottleLimits limits, std::function<Timestamp()> clock)
    : limits_(limits), clock_(std::move(clock)) {}

Timestamp LoginThrottle::now() const {
    if (clock_) return clock_();
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Duration LoginThrottle::wait(Table& table, const std::string& key, int free_failures,
                             Timestamp t) const {
    auto it = table.find(key);
    if (it == table.end()) return 0;
    if (t - it->second.last > limits_.forget_after) {
        table.erase(it);
        return 0;
    }
    const int beyond = it->second.failures - free_failures;
    if (beyond <= 0) return 0;
    // first_wait * 2^(beyond - 1), capped; the shift is bounded so it cannot overflow.
    Duration w = limits_.first_wait << std::min(beyond - 1, 30);
    w = std::min(w, limits_.max_wait);
    return std::max<Duration>(0, it->second.last + w - t);
}

void LoginThrottle::count(Table& table, const std::string& key, Timestamp t) {
    if (table.size() >= limits_.max_entries && !table.contains(key)) {
        // Forget what is stale; when every entry is recent, the least recent one.
        std::erase_if(table,
                      [&](const auto& kv) { return t - kv.second.last > limits_.forget_after; });
        if (table.size() >= limits_.max_entries)
            table.erase(std::min_element(
                table.begin(), table.end(),
                [](const auto& a, const auto& b) { return a.second.last < b.second.last; }));
    }
    Entry& e = table[key];
    ++e.failures;
    e.last = t;
}

Duration LoginThrottle::begin(const std::string& account, const std::string& address) {
    std::lock_guard lock(mu_);
    const Timestamp t = now();
    const Duration w = std::max(wait(accounts_, account, limits_.account_free_failures, t),
                                wait(addresses_, address, limits_.address_free_failures, t));
    if (w > 0) return w;
    count(accounts_, account, t);
    count(addresses_, address, t);
    return 0;
}

void LoginThrottle::succeeded(const std::string& account, const std::string& address) {
    std::lock_guard lock(mu_);
    accounts_.erase(account);
    if (auto it = addresses_.find(address); it != addresses_.end() && it->second.failures > 0)
        if (--it->second.failures == 0) addresses_.erase(it);
}

}  // namespace heatloop::web
