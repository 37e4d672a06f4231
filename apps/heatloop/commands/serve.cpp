// `heatloop serve`: the label review web app over a workspace, until SIGINT/SIGTERM.
#include "commands/serve.hpp"

#include <fmt/format.h>
#include <pthread.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <iostream>
#include <thread>

#include "commands/command.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/io/workspace.hpp"

namespace heatloop::cli {

namespace fs = std::filesystem;

namespace {

struct ServeArgs {
    std::string workspace;
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string static_dir;
    bool routes = false;
    bool log = false;
    bool behind_https_proxy = false;
};

// Blocks SIGINT/SIGTERM in this thread (and the server threads it starts) and stops the
// server from a thread that waits for them: no work inside a signal handler.
class SignalWatcher {
public:
    explicit SignalWatcher(web::Server& server) {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set_, &old_);
        thread_ = std::thread([this, &server] {
            int sig = 0;
            sigwait(&set_, &sig);
            if (!done_) server.stop();
        });
    }
    ~SignalWatcher() {
        done_ = true;
        pthread_kill(thread_.native_handle(), SIGTERM);  // wakes sigwait when still waiting
        thread_.join();
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;

private:
    sigset_t set_{}, old_{};
    std::atomic<bool> done_{false};
    std::thread thread_;
};

std::string access_name(web::Access a) {
    switch (a) {
        case web::Access::anyone:
            return "anyone";
        case web::Access::signed_in:
            return "signed_in";
        case web::Access::reviewer:
            return "reviewer";
        case web::Access::admin:
            return "admin";
    }
    return "?";
}

void print_routes(bool json) {
    nlohmann::json out = nlohmann::json::array();
    for (const web::RouteInfo& r : web::api_routes()) {
        if (json)
            out.push_back(
                {{"method", r.method}, {"path", r.path}, {"access", access_name(r.access)}});
        else
            fmt::print("{:<7} {:<50} {}\n", r.method, r.path, access_name(r.access));
    }
    if (json) std::cout << out.dump(2) << "\n";
}

void serve_command(const ServeArgs& a, const GlobalOptions& global) {
    if (a.routes) return print_routes(global.json);
    if (a.workspace.empty()) throw InvalidInputError("--workspace: required");
    if (a.port < 0 || a.port > 65535)
        throw InvalidInputError(fmt::format("--port {}: expected 0..65535", a.port));
    web::ServerOptions o;
    o.workspace = a.workspace;
    o.db_url = global.db;
    o.host = a.host;
    o.port = a.port;
    o.static_dir = a.static_dir.empty() ? default_static_dir() : fs::path(a.static_dir);
    o.threads = static_cast<unsigned>(global.threads);
    o.behind_https_proxy = a.behind_https_proxy;
    if (a.log) o.log = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
    serve_until_signal(std::move(o), global.json);
}

}  // namespace

fs::path default_static_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return (ec ? fs::current_path() : exe.parent_path()) / "web";
}

void serve_until_signal(web::ServerOptions options, bool quiet_stdout) {
    if (!io::Workspace::is_workspace(options.workspace))
        throw NotFoundError(fmt::format("workspace {} not found", options.workspace.string()));
    const std::string ws = options.workspace.string();
    const fs::path static_dir = options.static_dir;
    // SIGINT/SIGTERM blocked before the server starts any thread, so every thread inherits
    // the mask and only the watcher's sigwait receives them (a thread with them unblocked
    // would take the default action: the process killed without a clean stop).
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    web::Server server(std::move(options));
    SignalWatcher watcher(server);
    server.bind();
    const std::string line = fmt::format("serving {} on {} (static files from {}); Ctrl-C stops",
                                         ws, server.url(), static_dir.string());
    if (quiet_stdout)
        fmt::print(stderr, "{}\n", line);
    else
        fmt::print("{}\n", line);
    std::fflush(stdout);
    server.run();
}

void add_serve(CLI::App& app, const GlobalOptions& global) {
    auto a = std::make_shared<ServeArgs>();
    auto* cmd = app.add_subcommand("serve",
                                   "the label review web app: JSON API under /api/v1 "
                                   "and the front end (docs/web-api.md)");
    cmd->add_option("--workspace,-w", a->workspace, "workspace directory");
    cmd->add_option("--host", a->host, "address to listen on (loopback unless told otherwise)")
        ->capture_default_str();
    cmd->add_option("--port", a->port, "port (0 = any free port)")->capture_default_str();
    cmd->add_option("--static", a->static_dir,
                    "front-end files (default: <directory of heatloop>/web)");
    cmd->add_flag("--log", a->log, "log every request to stderr");
    cmd->add_flag("--behind-https-proxy", a->behind_https_proxy,
                  "clients connect through a reverse proxy that terminates HTTPS: the session "
                  "cookie is marked Secure, and a client's address (for sign-in back-off) is the "
                  "last X-Forwarded-For entry");
    cmd->add_flag("--routes", a->routes,
                  "print the API's routes and the role each needs, and exit");
    cmd->callback([a, &global] { serve_command(*a, global); });
}

}  // namespace heatloop::cli
