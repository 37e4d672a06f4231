#include "web/router.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/web/api_error.hpp"
#include "heatloop/web/static_files.hpp"
#include "web/app_state.hpp"
#include "web/label_input.hpp"

namespace heatloop::web {

const User& Call::user() const {
    if (!session_) throw InternalError("handler of a signed-in route called without a session");
    return session_->user;
}

const io::Workspace& Call::workspace() {
    if (!workspace_) workspace_ = app_.workspace(db_);
    return *workspace_;
}

const nlohmann::json& Call::body() {
    if (!body_) {
        body_ = parse_json_body(req_.body);
    }
    return *body_;
}

void Call::reply(int status, const nlohmann::json& j) {
    res_.status = status;
    res_.set_content(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                     "application/json");
}

void Call::no_content() {
    res_.status = 204;
    res_.body.clear();
}

void Router::add(std::string method, std::string path, Access access, Handler handler,
                 RouteFlags flags) {
    // "{name}" matches one non-empty path segment.
    static const std::regex k_param(R"(\{[a-z_]+\})");
    const std::string pattern = std::regex_replace(path, k_param, "([^/]+)");
    entries_.push_back({RouteInfo{std::move(method), std::move(path), access}, std::regex(pattern),
                        std::move(handler), flags});
}

Router::Match Router::match(const std::string& method, const std::string& raw_path) const {
    Match m;
    for (const Entry& e : entries_) {
        std::smatch sm;
        if (!std::regex_match(raw_path, sm, e.pattern)) continue;
        m.path_known = true;
        if (e.info.method != method) continue;
        m.route = &e.info;
        m.handler = &e.handler;
        m.csrf = e.flags.csrf;
        for (std::size_t i = 1; i < sm.size(); ++i) {
            auto decoded = percent_decode(sm[i].str());
            if (!decoded) throw ApiError(400, "bad_request", "malformed %-escape in the path");
            // Ids and names are UTF-8 text; anything else cannot name a unit, label or run
            // (and could not be echoed back in a JSON error message).
            if (!valid_utf8(*decoded))
                throw ApiError(400, "bad_request",
                               fmt::format("path segment '{}' is not valid UTF-8 once decoded",
                                           visible(*decoded)));
            m.params.push_back(std::move(*decoded));
        }
        return m;
    }
    return m;
}

std::vector<RouteInfo> Router::routes() const {
    std::vector<RouteInfo> out;
    for (const Entry& e : entries_) out.push_back(e.info);
    return out;
}

}  // namespace heatloop::web
