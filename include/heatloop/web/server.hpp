#pragma once
/// `heatloop serve`: the JSON API under /api/v1 (docs/web-api.md, docs/openapi.yaml) and the
/// front end's static files, over one workspace, on a multi-threaded HTTP server.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "heatloop/web/roles.hpp"

namespace heatloop::web {

/// Where and what to serve.
struct ServerOptions {
    std::filesystem::path workspace;
    std::string db_url;              ///< postgresql://... or "" for the workspace's SQLite
    std::string host = "127.0.0.1";  ///< loopback unless told otherwise
    int port = 8080;                 ///< 0 = any free port
    std::filesystem::path static_dir;
    unsigned threads = 0;  ///< worker threads; 0 = 64 (or 4 per core when more)
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
