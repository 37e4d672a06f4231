// Unit, location and meter ids as file-name stems. The manifest maps ids to files, so the
// names only need to be safe, unique and readable; they are never parsed back.

#include <fmt/format.h>

#include <cstdint>

#include "heatloop/core/error.hpp"
#include "heatloop/io/workspace.hpp"

namespace heatloop::io {

namespace {

constexpr std::size_t k_max_kept = 100;  // well below the 255-byte name limit with suffixes

bool is_safe(char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || (c == '.' && !first);
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

}  // namespace

std::string escape_file_name(std::string_view id) {
    if (id.empty()) throw InvalidInputError("workspace: an empty id cannot name a cache file");
    std::string out;
    bool upper = false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        upper = upper || (c >= 'A' && c <= 'Z');
        if (is_safe(c, i == 0))
            out += c;
        else
            out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
    const bool long_id = out.size() > k_max_kept;
    if (long_id) {
        out.resize(k_max_kept);
        // Never end inside a %XX escape.
        const std::size_t pct = out.rfind('%');
        if (pct != std::string::npos && pct + 3 > out.size()) out.resize(pct);
    }
    if (upper || long_id) out += fmt::format("~{:016x}", fnv1a(id));
    return out;
}

}  // namespace heatloop::io
