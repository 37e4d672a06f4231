#include "web/session_cookie.hpp"

#include <fmt/format.h>

namespace heatloop::web {

std::string session_token(const httplib::Request& req) {
    const std::string prefix = std::string(k_session_cookie) + "=";
    for (std::size_t i = 0, n = req.get_header_value_count("Cookie"); i < n; ++i) {
        const std::string header = req.get_header_value("Cookie", i);
        std::size_t pos = 0;
        while (pos < header.size()) {
            std::size_t end = header.find(';', pos);
            if (end == std::string::npos) end = header.size();
            std::string part = header.substr(pos, end - pos);
            part.erase(0, part.find_first_not_of(' '));
            if (part.starts_with(prefix)) return part.substr(prefix.size());
            pos = end + 1;
        }
    }
    return {};
}

std::string session_cookie(const std::string& token, Duration lifetime, bool secure) {
    return fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}", k_session_cookie,
                       token, lifetime / 1000, secure ? "; Secure" : "");
}

std::string cleared_session_cookie(bool secure) {
    return fmt::format("{}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}", k_session_cookie,
                       secure ? "; Secure" : "");
}

}  // namespace heatloop::web
