#include "unit/tracking/fake_mlflow.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace heatloop::tracking::fake {

namespace {

using nlohmann::json;

void reply(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void error(httplib::Response& res, int status, const std::string& code, const std::string& msg) {
    reply(res, status, {{"error_code", code}, {"message", msg}});
}

json run_json(const FakeRun& r) {
    json tags = json::array();
    for (const auto& [k, v] : r.tags) tags.push_back({{"key", k}, {"value", v}});
    return {{"info",
             {{"run_id", r.id},
              {"run_uuid", r.id},
              {"experiment_id", r.experiment_id},
              {"run_name", r.name},
              {"status", r.status},
              {"lifecycle_stage", "active"},
              {"artifact_uri",
               fmt::format("mlflow-artifacts:/{}/{}/artifacts", r.experiment_id, r.id)}}},
            {"data", {{"tags", tags}}}};
}

double metric_value(const json& v) {
    if (v.is_number()) return v.get<double>();
    std::string s = v.get<std::string>();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
    throw std::runtime_error("bad metric value " + s);
}

}  // namespace

FakeMlflow::FakeMlflow() {
    routes();
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("fake MLflow: cannot bind a loopback port");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

FakeMlflow::~FakeMlflow() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
}

std::string FakeMlflow::url() const {
    return fmt::format("http://127.0.0.1:{}", port_);
}

void FakeMlflow::fail_next(int n, int status) {
    std::lock_guard lock(mu_);
    fail_next_ = n;
    fail_status_ = status;
}

void FakeMlflow::fail_log_batch_after(int n) {
    std::lock_guard lock(mu_);
    batches_left_ = n;
}

void FakeMlflow::allow_log_batch() {
    std::lock_guard lock(mu_);
    batches_left_ = -1;
}

void FakeMlflow::lose_next_create_reply() {
    std::lock_guard lock(mu_);
    lose_create_ = true;
}

std::vector<FakeRun> FakeMlflow::runs() const {
    std::lock_guard lock(mu_);
    std::vector<FakeRun> out;
    for (const auto& [id, r] : runs_) out.push_back(r);
    return out;
}

std::map<std::string, std::string> FakeMlflow::experiments() const {
    std::lock_guard lock(mu_);
    return experiments_;
}

int FakeMlflow::requests(const std::string& route) const {
    std::lock_guard lock(mu_);
    auto it = requests_.find(route);
    return it == requests_.end() ? 0 : it->second;
}

std::string FakeMlflow::last_authorization() const {
    std::lock_guard lock(mu_);
    return authorization_;
}

std::size_t FakeMlflow::connections() const {
    std::lock_guard lock(mu_);
    return ports_.size();
}

bool FakeMlflow::gate(const httplib::Request& req, httplib::Response& res) {
    // Inside each handler (after the body was read) so a keep-alive connection stays usable.
    ++requests_[req.method + " " + req.path];
    ports_.insert(req.remote_port);
    authorization_ = req.get_header_value("Authorization");
    if (fail_next_ <= 0) return false;
    --fail_next_;
    error(res, fail_status_, "TEMPORARILY_UNAVAILABLE", "injected failure");
    return true;
}

void FakeMlflow::routes() {
    const std::string api = "/api/2.0/mlflow/";
    server_.set_keep_alive_max_count(100000);
    server_.set_tcp_nodelay(true);
    server_.Get(api + "experiments/get-by-name", [this](const httplib::Request& req,
                                                        httplib::Response& res) {
        std::lock_guard lock(mu_);
        if (gate(req, res)) return;
        auto name = req.get_param_value("experiment_name");
        auto it = experiments_.find(name);
        if (it == experiments_.end())
            return error(res, 404, "RESOURCE_DOES_NOT_EXIST", "no experiment " + name);
        reply(res, 200, {{"experiment", {{"experiment_id", it->second}, {"name", name}}}});
    });
    server_.Post(api + "experiments/create",
                 [this](const httplib::Request& req, httplib::Response& res) {
                     std::lock_guard lock(mu_);
                     if (gate(req, res)) return;
                     auto name = json::parse(req.body).at("name").get<std::string>();
                     if (experiments_.count(name))
                         return error(res, 400, "RESOURCE_ALREADY_EXISTS", name);
                     experiments_[name] = std::to_string(next_id_++);
                     reply(res, 200, {{"experiment_id", experiments_[name]}});
                 });
    server_.Post(api + "runs/create", [this](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mu_);
        if (gate(req, res)) return;
        auto body = json::parse(req.body);
        FakeRun r;
        r.id = fmt::format("fake{:028d}", next_id_++);
        r.experiment_id = body.at("experiment_id").get<std::string>();
        r.name = body.value("run_name", "");
        r.start_time = body.value("start_time", 0LL);
        for (const auto& t : body.value("tags", json::array()))
            r.tags[t.at("key").get<std::string>()] = t.at("value").get<std::string>();
        runs_[r.id] = r;
        if (lose_create_) {
            lose_create_ = false;
            return error(res, 503, "TEMPORARILY_UNAVAILABLE", "reply lost");
        }
        reply(res, 200, {{"run", run_json(r)}});
    });
    server_.Get(api + "runs/get", [this](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mu_);
        if (gate(req, res)) return;
        auto it = runs_.find(req.get_param_value("run_id"));
        if (it == runs_.end()) return error(res, 404, "RESOURCE_DOES_NOT_EXIST", "no run");
        reply(res, 200, {{"run", run_json(it->second)}});
    });
    server_.Post(api + "runs/search", [this](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mu_);
        if (gate(req, res)) return;
        auto body = json::parse(req.body);
        // Only the form the client sends: tags.`key` = 'value'.
        std::string filter = body.value("filter", "");
        auto k0 = filter.find('`'), k1 = filter.find('`', k0 + 1);
        auto v0 = filter.find('\''), v1 = filter.rfind('\'');
        std::string key = filter.substr(k0 + 1, k1 - k0 - 1),
                    value = filter.substr(v0 + 1, v1 - v0 - 1);
        std::string exp = body.at("experiment_ids")[0].get<std::string>();
        json runs = json::array();
        for (const auto& [id, r] : runs_) {
            auto t = r.tags.find(key);
            if (r.experiment_id == exp && t != r.tags.end() && t->second == value)
                runs.push_back(run_json(r));
        }
        reply(res, 200, runs.empty() ? json::object() : json{{"runs", runs}});
    });
    server_.Post(
        api + "runs/log-batch", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mu_);
            if (gate(req, res)) return;
            if (batches_left_ == 0)
                return error(res, 503, "TEMPORARILY_UNAVAILABLE", "batches off");
            auto body = json::parse(req.body);
            auto it = runs_.find(body.at("run_id").get<std::string>());
            if (it == runs_.end()) return error(res, 404, "RESOURCE_DOES_NOT_EXIST", "no run");
            auto metrics = body.value("metrics", json::array());
            auto params = body.value("params", json::array());
            auto tags = body.value("tags", json::array());
            if (metrics.size() > 1000 || params.size() > 100 || tags.size() > 100 ||
                metrics.size() + params.size() + tags.size() > 1000)
                return error(res, 400, "INVALID_PARAMETER_VALUE", "batch over the limits");
            for (const auto& p : params) {
                auto key = p.at("key").get<std::string>(), value = p.at("value").get<std::string>();
                auto old = it->second.params.find(key);
                if (old != it->second.params.end() && old->second != value)
                    return error(res, 400, "INVALID_PARAMETER_VALUE", "param changed: " + key);
                it->second.params[key] = value;
            }
            for (const auto& t : tags)
                it->second.tags[t.at("key")] = t.at("value").get<std::string>();
            for (const auto& m : metrics)
                it->second.metrics.push_back(
                    {m.at("key").get<std::string>(), metric_value(m.at("value")),
                     m.at("timestamp").get<long long>(), m.at("step").get<long long>()});
            if (batches_left_ > 0) --batches_left_;
            reply(res, 200, json::object());
        });
    server_.Post(api + "runs/set-tag", [this](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mu_);
        if (gate(req, res)) return;
        auto body = json::parse(req.body);
        auto it = runs_.find(body.at("run_id").get<std::string>());
        if (it == runs_.end()) return error(res, 404, "RESOURCE_DOES_NOT_EXIST", "no run");
        it->second.tags[body.at("key")] = body.at("value").get<std::string>();
        reply(res, 200, json::object());
    });
    server_.Post(api + "runs/update", [this](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mu_);
        if (gate(req, res)) return;
        auto body = json::parse(req.body);
        auto it = runs_.find(body.at("run_id").get<std::string>());
        if (it == runs_.end()) return error(res, 404, "RESOURCE_DOES_NOT_EXIST", "no run");
        it->second.status = body.value("status", it->second.status);
        it->second.end_time = body.value("end_time", 0LL);
        reply(res, 200, {{"run_info", run_json(it->second)["info"]}});
    });
    server_.Put(R"(/api/2\.0/mlflow-artifacts/artifacts/(.+))", [this](const httplib::Request& req,
                                                                       httplib::Response& res) {
        std::lock_guard lock(mu_);
        if (gate(req, res)) return;
        if (gate(req, res)) return;
        // "<experiment>/<run>/artifacts/<path>"
        std::string rest = req.matches[1];
        auto a = rest.find('/'), b = rest.find('/', a + 1), c = rest.find('/', b + 1);
        std::string run_id = rest.substr(a + 1, b - a - 1);
        auto it = runs_.find(run_id);
        if (it == runs_.end() || rest.substr(b + 1, c - b - 1) != "artifacts")
            return error(res, 404, "RESOURCE_DOES_NOT_EXIST", "bad artifact path " + rest);
        it->second.artifacts[rest.substr(c + 1)] = req.body;
        reply(res, 200, json::object());
    });
}

int closed_port() {
    // Bind an ephemeral port without listening, then close it: connecting is refused.
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("closed_port: cannot bind");
    ::close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace heatloop::tracking::fake
