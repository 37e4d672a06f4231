#pragma once
// The API over HTTP in process: a workspace in a temporary directory (units ingested from
// small CSV files), users of every role, `heatloop serve`'s Server on a free loopback port in
// a thread, and signed-in clients carrying the session cookie and CSRF token.

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "heatloop/web/roles.hpp"
#include "heatloop/web/server.hpp"

namespace heatloop::web::testing {

// The status and JSON body of one response (null when it had none).
struct Reply {
    int status = 0;
    nlohmann::json body;
};

// A client signed in as one user (or anonymous).
class ApiClient {
public:
    ApiClient(int port, const std::string& user, const std::string& password);
    Reply get(const std::string& path);
    Reply post(const std::string& path, const nlohmann::json& body = nlohmann::json::object());
    Reply put(const std::string& path, const nlohmann::json& body);
    Reply del(const std::string& path);

private:
    Reply send(const std::string& method, const std::string& path, const nlohmann::json* body);
    httplib::Client http_;
    std::string cookie_, csrf_;
};

class ApiServer {
public:
    // A workspace with `units_csv` and `sensors_csv` ingested, users admin, rita (reviewer)
    // and vic (viewer), password "pw-<name>-123", and the server running.
    ApiServer(const std::string& units_csv, const std::string& sensors_csv);
    ~ApiServer();
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    // Ingests more files into the workspace while the server runs (as `heatloop ingest`).
    void ingest(const std::string& name, const std::string& csv);
    ApiClient client(const std::string& user);
    const std::filesystem::path& workspace() const noexcept { return ws_; }

private:
    std::filesystem::path dir_, ws_;
    std::unique_ptr<Server> server_;
    std::thread thread_;
    int port_ = 0;
};

}  // namespace heatloop::web::testing
