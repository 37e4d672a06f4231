#pragma once
/// `heatloop serve`: the JSON API under /api/v1 (docs/web-api.md, docs/openapi.yaml) and the
/// front end's static files, over one workspace, on a multi-threaded HTTP server.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "heatloop/web/roles.hpp"

namespace heatloop::web {

/// How long clients may take and how many connections are kept (docs/web-api.md
/// "Connections"). A connection holds a worker thread only while a complete request is
/// answered; waiting connections (idle keep-alive, or a request still arriving) sit in one
/// poller and are closed at their deadline.
struct ConnectionLimits {
    /// From the first byte of a request to the end of its headers (then 408 and close).
    std::chrono::milliseconds header_timeout{10'000};
    /// From the end of the headers to the end of the body (then 408 and close).
    std::chrono::milliseconds body_timeout{30'000};
    /// An idle keep-alive connection is closed after this long without a request.
    std::chrono::milliseconds idle_timeout{5'000};
    /// A client that takes no bytes of its response for this long is dropped.
    std::chrono::milliseconds write_timeout{10'000};
    /// Open connections (at most the open-file limit less 64); at the limit a new one
    /// displaces the longest-waiting connection.
    std::size_t max_connections = 1024;
    /// Idle keep-alive connections; beyond it the longest-idle one is closed.
    std::size_t max_idle = 256;
    /// Requests per connection before the server closes it (Connection: close).
    std::size_t max_requests_per_connection = 1000;
    /// Request line and headers together (then 431 and close).
    std::size_t max_header_bytes = 32 * 1024;
    /// Request body (then 413).
    std::size_t max_body_bytes = 1 << 20;
};

/// Where and what to serve.
struct ServerOptions {
    std::filesystem::path workspace;
    std::string db_url;              ///< postgresql://... or "" for the workspace's SQLite
    std::string host = "127.0.0.1";  ///< loopback unless told otherwise
    int port = 8080;                 ///< 0 = any free port
    std::filesystem::path static_dir;
    unsigned threads = 0;  ///< worker threads answering requests; 0 = 4 per core, at least 16
    /// Clients reach the server through a reverse proxy that terminates HTTPS: the session
    /// cookie gets the Secure flag, and a client's address (for sign-in back-off) is the last
    /// entry of X-Forwarded-For, which the proxy appends.
    bool behind_https_proxy = false;
    ConnectionLimits limits{};
    /// One line per request and per server error; default: none.
    std::function<void(const std::string&)> log;
};

/// One endpoint of the API.
struct RouteInfo {
    std::string method;  ///< GET, POST, PATCH or DELETE
    std::string path;    ///< OpenAPI template, e.g. "/api/v1/labels/{id}"
    Access access = Access::signed_in;
};

/// Every API endpoint, in registration order (the same table the server routes by).
std::vector<RouteInfo> api_routes();

/// The server over one workspace.
class Server {
public:
    /// Opens the workspace and its database (migrating it). NotFoundError for a missing
    /// workspace.
    explicit Server(ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds host:port and returns the port (the chosen one for port 0). IoError when the
    /// address cannot be bound.
    int bind();
    /// Serves until stop() (from another thread or a signal watcher). Binds first if needed.
    void run();
    /// Stops run(); safe from any thread.
    void stop();
    /// "http://host:port/".
    std::string url() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace heatloop::web
