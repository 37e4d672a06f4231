// The HTTP side of `heatloop serve`: cpp-httplib carries requests to one dispatcher, which
// routes /api/v1 through the route table (session, CSRF and role checks, then the handler)
// and everything else to the static files; every error becomes JSON in one place.

#include "heatloop/web/server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/web/api_error.hpp"
#include "heatloop/web/passwords.hpp"
#include "heatloop/web/static_files.hpp"
#include "web/app_state.hpp"
#include "web/connection_server.hpp"
#include "web/session_cookie.hpp"

namespace heatloop::web {

namespace fs = std::filesystem;

namespace {

std::string path_of(const httplib::Request& req) {
    const std::string& target = req.target.empty() ? req.path : req.target;
    return target.substr(0, target.find('?'));
}

// Error bodies never fail to serialise: text that is not UTF-8 (from a request) is replaced.
std::string json_text(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void send_error(httplib::Response& res, const std::exception& e) {
    ErrorResponse r = error_response(e);
    res.status = r.status;
    res.set_content(json_text(r.body), "application/json");
}

// Session, CSRF and role checks of a matched route, in that order.
void authorize(Call& call, const Router::Match& m) {
    const httplib::Request& req = call.req();
    if (m.route->access != Access::anyone) {
        call.set_session(SessionStore(call.db()).find(session_token(req)));
        if (!call.session())
            throw ApiError(401, "unauthorized", "sign in first (POST /api/v1/session)");
        if (req.method != "GET" && m.csrf &&
            !constant_time_equal(req.get_header_value("X-CSRF-Token"), call.session()->csrf_token))
            throw ApiError(403, "csrf", "missing or wrong X-CSRF-Token header");
    }
    std::optional<Role> role;
    if (call.session()) role = call.session()->user.role;
    if (!allowed(role, m.route->access))
        throw ApiError(
            403, "forbidden",
            fmt::format("{} {} needs the role {}", req.method, m.route->path,
                        m.route->access == Access::admin ? "admin" : "reviewer or admin"));
}

void serve_api(AppState& app, const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    const std::string path = path_of(req);
    Router::Match m = app.router.match(req.method, path);
    if (!m.route) {
        if (m.path_known)
            throw ApiError(405, "method_not_allowed",
                           fmt::format("{} is not allowed on {}", req.method, path));
        throw ApiError(404, "not_found", fmt::format("no API endpoint {} {}", req.method, path));
    }
    DbPool::Lease lease = app.pool.acquire();
    Call call(req, res, app, lease.db());
    call.set_params(std::move(m.params));
    call.workspace();  // an ingest since the last request shows now (units synced before the turn)
    // SQLite has one writer at a time; writers that find it busy back off for up to 100 ms
    // per retry, which makes the tail latency of concurrent edits seconds long. Writing
    // requests take turns here instead (PostgreSQL locks rows and needs no such turn).
    std::unique_lock<std::mutex> turn;
    if (req.method != "GET" && req.method != "HEAD" && !store::is_postgres_url(app.options.db_url))
        turn = std::unique_lock(app.sqlite_writes);
    authorize(call, m);
    (*m.handler)(call);
}

std::optional<std::string> read_file(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void serve_static(const AppState& app, const httplib::Request& req, httplib::Response& res) {
    if (req.method != "GET" && req.method != "HEAD")
        throw ApiError(405, "method_not_allowed",
                       fmt::format("{} is not allowed here", req.method));
    const fs::path& root = app.options.static_dir;
    const std::string path = path_of(req);
    auto file = resolve_static_path(root, path);
    if (!file) throw ApiError(404, "not_found", "no such file");
    auto content = read_file(*file);
    // Hash routes (#/units/U1) never reach the server, but deep links and reloads of
    // other paths get the app; missing assets stay 404 so they do not load as HTML.
    if (!content && !path.starts_with("/assets/")) {
        file = root / "index.html";
        content = read_file(*file);
        if (!content)
            throw ApiError(404, "not_found",
                           fmt::format("the front end is not built: {} is missing "
                                       "(make build, or --static DIR)",
                                       file->string()));
    }
    if (!content) throw ApiError(404, "not_found", "no such file");
    res.status = 200;
    res.set_content(std::move(*content), std::string(content_type_for(*file)));
}

}  // namespace

std::vector<RouteInfo> api_routes() {
    Router r;
    register_api(r);
    return r.routes();
}

struct Server::Impl {
    explicit Impl(ServerOptions o) : app(std::move(o)) { register_api(app.router); }

    void dispatch(const httplib::Request& req, httplib::Response& res) {
        const auto t0 = std::chrono::steady_clock::now();
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("X-Frame-Options", "DENY");
        res.set_header("Referrer-Policy", "no-referrer");
        // The raw target (percent escapes kept), shown with visible(): a log line never
        // carries control characters or bytes that are not UTF-8.
        const std::string shown = visible(path_of(req));
        std::string problem;
        try {
            if (path_of(req).starts_with("/api/"))
                serve_api(app, req, res);
            else
                serve_static(app, req, res);
        } catch (const std::exception& e) {
            send_error(res, e);
            problem = e.what();
            if (res.status >= 500 && app.options.log)
                app.options.log(
                    fmt::format("error: {} {}: {}", visible(req.method), shown, visible(problem)));
        }
        if (app.options.log) {
            const auto ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count();
            // Client errors say why (a 500's detail is on its own error line above).
            const std::string why = res.status >= 400 && res.status < 500 && !problem.empty()
                                        ? ": " + visible(problem)
                                        : "";
            app.options.log(fmt::format("{} {} {} {:.1f} ms{}", visible(req.method), shown,
                                        res.status, ms, why));
        }
    }

    static unsigned worker_threads(unsigned requested) {
        if (requested > 0) return requested;
        return std::max(16u, 4 * std::thread::hardware_concurrency());
    }

    AppState app;
    // Declared after `app`: destroyed first, so no worker still runs a handler over it.
    ConnectionServer http{app.options.limits, worker_threads(app.options.threads)};
    int port = -1;
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
    Impl& s = *impl_;
    s.http.set_payload_max_length(s.app.options.limits.max_body_bytes);
    // httplib's default sets SO_REUSEPORT, which lets a second process bind the same port and
    // take part of the connections. SO_REUSEADDR only: a busy port is an error, a restart
    // while old connections linger in TIME_WAIT still works.
    s.http.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    auto handler = [&s](const httplib::Request& req, httplib::Response& res) {
        s.dispatch(req, res);
    };
    // Any path (also ones with encoded newlines): routing is ours.
    const std::string any = R"([\s\S]*)";
    s.http.Get(any, handler);
    s.http.Post(any, handler);
    s.http.Patch(any, handler);
    s.http.Delete(any, handler);
    s.http.Put(any, handler);
    s.http.Options(any, handler);
    // An exception escaping the dispatcher (it answers every error itself, so this is a bug)
    // is logged and answered like any other internal error.
    s.http.set_exception_handler(
        [&s](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
            std::string what = "unknown exception";
            try {
                std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            if (s.app.options.log)
                s.app.options.log(fmt::format("error: {} {}: {}", visible(req.method),
                                              visible(path_of(req)), visible(what)));
            res.status = 500;
            res.set_content(json_text({{"error",
                                        {{"code", "internal"},
                                         {"message", "internal server error (see the server log)"},
                                         {"field", nullptr}}}}),
                            "application/json");
        });
    // httplib's own errors (malformed requests, too large bodies) as JSON too.
    s.http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;
        const std::string code = res.status == 413   ? "payload_too_large"
                                 : res.status >= 500 ? "internal"
                                                     : "bad_request";
        res.set_content(nlohmann::json{{"error",
                                        {{"code", code},
                                         {"message", fmt::format("HTTP {}", res.status)},
                                         {"field", nullptr}}}}
                            .dump(),
                        "application/json");
    });
}

Server::~Server() {
    stop();
}

int Server::bind() {
    Impl& s = *impl_;
    if (s.port > 0) return s.port;
    const ServerOptions& o = s.app.options;
    if (o.port == 0) {
        s.port = s.http.bind_to_any_port(o.host);
    } else {
        s.port = s.http.bind_to_port(o.host, o.port) ? o.port : -1;
    }
    // httplib's library listens with a backlog of 5: a burst of clients connecting at once
    // would see SYNs dropped and retried a second later.
    if (s.port > 0) s.http.set_listen_backlog(SOMAXCONN);
    if (s.port <= 0)
        throw IoError(
            fmt::format("cannot listen on {}:{} (in use, or not an address of this "
                        "machine)",
                        o.host, o.port));
    return s.port;
}

void Server::run() {
    bind();
    impl_->http.start();
    impl_->http.listen_after_bind();
    impl_->http.close_connections();
}

void Server::stop() {
    if (impl_->http.is_running()) impl_->http.stop();
    impl_->http.close_connections();
}

std::string Server::url() const {
    const std::string& host = impl_->app.options.host;
    const bool v6 = host.find(':') != std::string::npos;
    return fmt::format("http://{}{}{}:{}/", v6 ? "[" : "", host, v6 ? "]" : "", impl_->port);
}

}  // namespace heatloop::web
