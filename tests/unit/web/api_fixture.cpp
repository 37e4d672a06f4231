#include "api_fixture.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <stdexcept>

#include "heatloop/io/ingest.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/web/users.hpp"

namespace heatloop::web::testing {

namespace fs = std::filesystem;

namespace {

std::string password_of(const std::string& user) {
    return fmt::format("pw-{}-123", user);
}

fs::path write(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

io::IngestOptions quiet() {
    io::IngestOptions o;
    o.progress = false;
    return o;
}

}  // namespace

ApiClient::ApiClient(int port, const std::string& user, const std::string& password)
    : http_("127.0.0.1", port) {
    http_.set_read_timeout(120, 0);
    if (user.empty()) return;
    auto res = http_.Post("/api/v1/session",
                          nlohmann::json{{"username", user}, {"password", password}}.dump(),
                          "application/json");
    if (!res || res->status != 200)
        throw std::runtime_error(fmt::format("sign-in of {} failed: {}", user,
                                             res ? res->body : std::string("no response")));
    const std::string set_cookie = res->get_header_value("Set-Cookie");
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    csrf_ = nlohmann::json::parse(res->body).at("csrf_token").get<std::string>();
}

Reply ApiClient::send(const std::string& method, const std::string& path,
                      const nlohmann::json* body) {
    httplib::Headers headers{{"Cookie", cookie_}};
    if (method != "GET") headers.emplace("X-CSRF-Token", csrf_);
    httplib::Result res =
        method == "GET"    ? http_.Get(path, headers)
        : method == "POST" ? http_.Post(path, headers, body ? body->dump() : "", "application/json")
        : method == "PUT"  ? http_.Put(path, headers, body ? body->dump() : "", "application/json")
                           : http_.Delete(path, headers);
    if (!res) throw std::runtime_error(fmt::format("{} {}: no response", method, path));
    Reply r{res->status, nullptr};
    if (!res->body.empty()) r.body = nlohmann::json::parse(res->body);
    return r;
}

Reply ApiClient::get(const std::string& path) {
    return send("GET", path, nullptr);
}
Reply ApiClient::post(const std::string& path, const nlohmann::json& body) {
    return send("POST", path, &body);
}
Reply ApiClient::put(const std::string& path, const nlohmann::json& body) {
    return send("PUT", path, &body);
}
Reply ApiClient::del(const std::string& path) {
    return send("DELETE", path, nullptr);
}

ApiServer::ApiServer(const std::string& units_csv, const std::string& sensors_csv) {
    static std::atomic<int> counter{0};
    dir_ =
        fs::temp_directory_path() / fmt::format("heatloop-api-test-{}-{}", ::getpid(), counter++);
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "static");
    ws_ = dir_ / "ws";
    io::ingest({write(dir_ / "units.csv", units_csv), write(dir_ / "sensors.csv", sensors_csv)},
               quiet(), ws_);
    {
        auto db = store::open_workspace_db(ws_, "");
        UserStore users(*db);
        users.add("admin", Role::admin, password_of("admin"));
        users.add("rita", Role::reviewer, password_of("rita"));
        users.add("vic", Role::viewer, password_of("vic"));
    }
    write(dir_ / "static" / "index.html", "<!doctype html><title>heatloop</title>");
    ServerOptions o;
    o.workspace = ws_;
    o.port = 0;
    o.static_dir = dir_ / "static";
    o.threads = 2;
    server_ = std::make_unique<Server>(o);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    // Up once the session endpoint answers.
    httplib::Client probe("127.0.0.1", port_);
    for (int i = 0; i < 200; ++i) {
        if (auto res = probe.Get("/api/v1/session")) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    throw std::runtime_error("the test server did not start");
}

ApiServer::~ApiServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

void ApiServer::ingest(const std::string& name, const std::string& csv) {
    io::ingest({write(dir_ / name, csv)}, quiet(), ws_);
}

ApiClient ApiServer::client(const std::string& user) {
    return ApiClient(port_, user, user.empty() ? "" : password_of(user));
}

}  // namespace heatloop::web::testing
