#include "web/request_framing.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>

namespace heatloop::web {

namespace {

bool iequals_prefix(std::string_view line, std::string_view name) {
    if (line.size() < name.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

RequestFrame frame_request(std::string_view buffer, std::size_t max_header_bytes,
                           std::size_t max_body_bytes) {
    RequestFrame f;
    const std::size_t blank = buffer.find("\r\n\r\n");
    if (blank == std::string_view::npos || blank + 4 > max_header_bytes) {
        if (buffer.size() >= max_header_bytes) f.state = RequestFrame::State::headers_too_large;
        return f;
    }
    f.headers_done = true;
    const std::size_t body_start = blank + 4;
    // Header lines after the request line; the reactor only needs the body's framing.
    std::optional<std::uint64_t> length;
    bool leave_to_httplib = false;
    std::string_view rest = buffer.substr(0, blank);
    rest.remove_prefix(std::min(rest.size(), rest.find("\r\n") + 2));
    while (!rest.empty()) {
        const std::size_t eol = std::min(rest.find("\r\n"), rest.size());
        const std::string_view line = rest.substr(0, eol);
        rest.remove_prefix(std::min(rest.size(), eol + 2));
        if (iequals_prefix(line, "transfer-encoding:") || iequals_prefix(line, "expect:")) {
            leave_to_httplib = true;
        } else if (iequals_prefix(line, "content-length:")) {
            const std::string_view v = trim(line.substr(15));
            std::uint64_t n = 0;
            auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            // A malformed or second length is httplib's to refuse (400).
            if (ec != std::errc() || end != v.data() + v.size() || length) leave_to_httplib = true;
            length = n;
        }
    }
    if (leave_to_httplib || !length || *length > max_body_bytes ||
        buffer.size() - body_start >= *length)
        f.state = RequestFrame::State::complete;
    return f;
}

}  // namespace heatloop::web
