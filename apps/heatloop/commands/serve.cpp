// `heatloop serve`: the label review web app over a workspace, until SIGINT/SIGTERM.
#include "commands/serve.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cerrno>
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

// Stops the server on SIGINT/SIGTERM from a thread of its own: the handler only writes a
// byte to a pipe (async-signal-safe), the watcher thread reads it and stops the server. A
// handler, not a blocked mask and sigwait: threads started before main (libtorch's OpenMP
// pool) do not block the signals, and one of them receiving SIGTERM would take the default
// action, killing the process without a clean stop.
int g_stop_pipe[2] = {-1, -1};

extern "C" void on_stop_signal(int) {
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_stop_pipe[1], &c, 1);
}

class SignalWatcher {
public:
    explicit SignalWatcher(web::Server& server) {
        if (::pipe2(g_stop_pipe, O_CLOEXEC) != 0)
            throw IoError("serve: cannot create the pipe that stop signals are passed through");
        struct sigaction sa {};
        sa.sa_handler = on_stop_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_int_);
        sigaction(SIGTERM, &sa, &old_term_);
        thread_ = std::thread([this, &server] {
            char c = 0;
            while (::read(g_stop_pipe[0], &c, 1) < 0 && errno == EINTR) {
            }
            if (!done_) server.stop();
        });
    }
    ~SignalWatcher() {
        done_ = true;
        const char c = 0;
        [[maybe_unused]] const auto n = ::write(g_stop_pipe[1], &c, 1);
        thread_.join();
        sigaction(SIGINT, &old_int_, nullptr);
        sigaction(SIGTERM, &old_term_, nullptr);
        ::close(g_stop_pipe[0]);
        ::close(g_stop_pipe[1]);
    }
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;

private:
    struct sigaction old_int_ {
    }, old_term_{};
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
