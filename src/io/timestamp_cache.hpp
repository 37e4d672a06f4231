#pragma once
/// A shortcut for consecutive ISO timestamps with an explicit offset that share date and
/// hour: the bulk of minute data ("2024-01-01T05:07:00Z" after "2024-01-01T05:06:00Z").

#include <cstring>
#include <optional>
#include <string_view>

#include "heatloop/core/time.hpp"

namespace heatloop::io {

/// Parses timestamps with a TimestampParser, remembering the last "yyyy-mm-ddThh:" prefix
/// and the text after the seconds ("Z", "+01:00"). A text with the same prefix and suffix is
/// computed from the remembered hour without parsing it again. Only texts with an explicit
/// offset are remembered: a naive local time needs the zone's rules, which the parser applies.
class TimestampCache {
public:
    /// Parses with `parser` (which must outlive the cache).
    explicit TimestampCache(const TimestampParser& parser) : parser_(parser) {}

    /// Parses `text` exactly as TimestampParser::parse would.
    std::optional<Timestamp> parse(std::string_view text, TimeParseError& error) {
        if (valid_ && text.size() == size_ && std::memcmp(text.data(), prefix_, k_prefix) == 0 &&
            std::memcmp(text.data() + k_suffix, suffix_, size_ - k_suffix) == 0) {
            int seconds = 0;
            if (minute_second(text, seconds)) {
                error = TimeParseError::ok;
                return hour_ + seconds * k_second_ms;
            }
        }
        auto t = parser_.parse(text, error);
        remember(text, t);
        return t;
    }

private:
    static constexpr std::size_t k_prefix = 14;  // "yyyy-mm-ddThh:"
    static constexpr std::size_t k_suffix = 19;  // where the text after the seconds starts
    static constexpr std::size_t k_max_size = 32;

    // "mm:ss" at position 14 as seconds into the hour.
    static bool minute_second(std::string_view s, int& out) {
        auto d = [&](std::size_t i) { return static_cast<unsigned>(s[i] - '0'); };
        if (d(14) > 5 || d(15) > 9 || s[16] != ':' || d(17) > 5 || d(18) > 9) return false;
        out = static_cast<int>((d(14) * 10 + d(15)) * 60 + d(17) * 10 + d(18));
        return true;
    }

    void remember(std::string_view s, const std::optional<Timestamp>& t) {
        valid_ = false;
        if (!t || s.size() <= k_suffix || s.size() > k_max_size) return;
        const char z = s[k_suffix];
        const bool offset = z == 'Z' || z == 'z' || z == '+' || z == '-';
        if (!offset || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
            return;
        int seconds = 0;
        if (!minute_second(s, seconds)) return;
        std::memcpy(prefix_, s.data(), k_prefix);
        std::memcpy(suffix_, s.data() + k_suffix, s.size() - k_suffix);
        size_ = s.size();
        hour_ = *t - seconds * k_second_ms;
        valid_ = true;
    }

    const TimestampParser& parser_;
    bool valid_ = false;
    std::size_t size_ = 0;
    char prefix_[k_prefix] = {};
    char suffix_[k_max_size - k_suffix] = {};
    Timestamp hour_ = 0;
};

}  // namespace heatloop::io
