#pragma once
// The API's route table and the per-request context handlers get. The router matches a
// method and path template ("/api/v1/labels/{id}"), then checks, in this order: a session
// (401), the CSRF header on state-changing requests (403 csrf), the role (403 forbidden).

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "heatloop/io/workspace.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/web/server.hpp"
#include "heatloop/web/sessions.hpp"

namespace heatloop::web {

struct AppState;

// One request as a handler sees it.
class Call {
public:
    Call(const httplib::Request& req, httplib::Response& res, AppState& app, store::Db& db)
        : req_(req), res_(res), app_(app), db_(db) {}

    const httplib::Request& req() const noexcept { return req_; }
    httplib::Response& res() noexcept { return res_; }
    AppState& app() noexcept { return app_; }
    store::Db& db() noexcept { return db_; }
    // The workspace as of this request's start (one snapshot for the whole request).
    const io::Workspace& workspace();

    // The signed-in user's session (routes other than Access::anyone always have one).
    const std::optional<Session>& session() const noexcept { return session_; }
    void set_session(std::optional<Session> s) { session_ = std::move(s); }
    const User& user() const;

    // The decoded path parameter of `{name}` in the route template.
    const std::string& param(std::size_t index) const { return params_.at(index); }
    void set_params(std::vector<std::string> p) { params_ = std::move(p); }

    // The request body as a JSON object; 400 (field "body") when it is not one.
    const nlohmann::json& body();

    // Send `j` with `status`.
    void reply(int status, const nlohmann::json& j);
    // 204 with no body.
    void no_content();

private:
    const httplib::Request& req_;
    httplib::Response& res_;
    AppState& app_;
    store::Db& db_;
    std::optional<Session> session_;
    std::vector<std::string> params_;
    std::optional<nlohmann::json> body_;
    std::shared_ptr<const io::Workspace> workspace_;
};

using Handler = std::function<void(Call&)>;

// Options of one route.
struct RouteFlags {
    bool csrf = true;  // state-changing methods check the CSRF header (not: POST /session)
};

class Router {
public:
    // Adds `method` `path` (template with {name} parameters) for users allowed `access`.
    void add(std::string method, std::string path, Access access, Handler handler,
             RouteFlags flags = {});

    struct Match {
        const RouteInfo* route = nullptr;
        const Handler* handler = nullptr;
        bool csrf = true;
        std::vector<std::string> params;
        bool path_known = false;  // some route has this path (for 405 vs 404)
    };
    // The route for a method and a raw (still percent-encoded) path.
    Match match(const std::string& method, const std::string& raw_path) const;

    std::vector<RouteInfo> routes() const;

private:
    struct Entry {
        RouteInfo info;
        std::regex pattern;
        Handler handler;
        RouteFlags flags;
    };
    std::vector<Entry> entries_;
};

// Adds every API route (src/web/api/*.cpp) to `router`.
void register_api(Router& router);

}  // namespace heatloop::web
