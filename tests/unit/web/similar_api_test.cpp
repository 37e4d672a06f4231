// POST/GET /api/v1/labels/{id}/similar over HTTP against an in-process server on a small
// workspace: role checks, the planted copy found and proposed, idempotence, 404 for an
// unknown label and nothing stored on an error.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "heatloop/core/random.hpp"
#include "heatloop/io/ingest.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/store/label_service.hpp"
#include "heatloop/web/server.hpp"
#include "heatloop/web/users.hpp"

namespace heatloop::web {
namespace {

namespace fs = std::filesystem;
constexpr Timestamp k_t0 = 1'704'067'200'000;  // 2024-01-01T00:00Z
constexpr std::size_t k_rows = 3 * 1440;       // three days at 1 min
constexpr std::size_t k_query = 600, k_copy = 2900, k_len = 180;

struct Response {
    int status = 0;
    nlohmann::json body;
};

// A signed-in client (or an anonymous one with role "").
class Client {
public:
    Client(int port, const std::string& user) : http_("127.0.0.1", port) {
        if (user.empty()) return;
        auto r =
            http_.Post("/api/v1/session",
                       nlohmann::json{{"username", user}, {"password", user + "-password"}}.dump(),
                       "application/json");
        if (!r || r->status != 200) throw std::runtime_error("sign-in failed for " + user);
        const std::string cookie = r->get_header_value("Set-Cookie");
        cookie_ = cookie.substr(0, cookie.find(';'));
        csrf_ = nlohmann::json::parse(r->body).at("csrf_token").get<std::string>();
    }
    Response post(const std::string& path, const nlohmann::json& body) {
        return wrap(http_.Post(path, headers(), body.dump(), "application/json"));
    }
    Response get(const std::string& path) { return wrap(http_.Get(path, headers())); }

private:
    httplib::Headers headers() const {
        httplib::Headers h;
        if (!cookie_.empty()) h.emplace("Cookie", cookie_);
        if (!csrf_.empty()) h.emplace("X-CSRF-Token", csrf_);
        return h;
    }
    static Response wrap(const httplib::Result& r) {
        if (!r) throw std::runtime_error("no response");
        Response out{r->status, nlohmann::json()};
        if (!r->body.empty()) out.body = nlohmann::json::parse(r->body);
        return out;
    }
    httplib::Client http_;
    std::string cookie_, csrf_;
};

class SimilarApi : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = fs::temp_directory_path() / fmt::format("heatloop-similar-api-{}", ::getpid());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        write_data();
        const fs::path ws = dir_ / "ws";
        io::ingest({dir_ / "units.csv", dir_ / "sensors.csv"}, {}, ws);
        {
            auto db = store::open_workspace_db(ws, "");
            store::LabelService labels(*db);
            labels.sync_units(io::Workspace::open(ws).units());
            store::LabelDraft d{"u1",
                                k_t0 + static_cast<Timestamp>(k_query) * k_minute_ms,
                                k_t0 + static_cast<Timestamp>(k_query + k_len) * k_minute_ms,
                                "compressor_failure",
                                1.0,
                                store::LabelStatus::confirmed,
                                "human",
                                "tester",
                                "the query"};
            query_id_ = labels.add(d, {"tester", "test"}).id;
            UserStore users(*db);
            for (auto [name, role] :
                 {std::pair{"viewer", Role::viewer}, std::pair{"reviewer", Role::reviewer}})
                users.add(name, role, std::string(name) + "-password");
        }
        ServerOptions o;
        o.workspace = ws;
        o.port = 0;
        o.static_dir = dir_;
        o.threads = 4;
        server_ = new Server(o);
        port_ = server_->bind();
        thread_ = new std::thread([] { server_->run(); });
    }
    static void TearDownTestSuite() {
        server_->stop();
        thread_->join();
        delete thread_;
        delete server_;
        fs::remove_all(dir_);
    }

    // Two units of random walks; u2 holds a copy of u1's query window at k_copy.
    static void write_data() {
        std::ofstream(dir_ / "units.csv") << "unit_id,type,location\nu1,ASHP,Bern\nu2,ASHP,Bern\n";
        std::ofstream s(dir_ / "sensors.csv");
        s << "timestamp,unit_id,t_supply,compressor_power\n";
        std::vector<double> u1_supply, u1_power;
        for (int unit = 1; unit <= 2; ++unit) {
            Rng rng(static_cast<std::uint64_t>(unit));
            double supply = 35, power = 2;
            for (std::size_t i = 0; i < k_rows; ++i) {
                supply += rng.normal(0.0, 0.3);
                power = std::max(0.0, power + rng.normal(0.0, 0.1));
                double a = supply, b = power;
                if (unit == 1) {
                    u1_supply.push_back(a);
                    u1_power.push_back(b);
                } else if (i >= k_copy && i < k_copy + k_len) {
                    a = u1_supply[k_query + i - k_copy] + 5.0;
                    b = u1_power[k_query + i - k_copy];
                }
                s << fmt::format("{},u{},{:.4f},{:.4f}\n",
                                 format_iso(k_t0 + static_cast<Timestamp>(i) * k_minute_ms), unit,
                                 a, b);
            }
        }
    }

    std::int64_t revision() {
        auto db = store::open_workspace_db(dir_ / "ws", "");
        return store::LabelService(*db).current_revision();
    }
    std::size_t label_count() {
        auto db = store::open_workspace_db(dir_ / "ws", "");
        return store::LabelService(*db).list().size();
    }
    static std::string path(std::int64_t id) {
        return fmt::format("/api/v1/labels/{}/similar", id);
    }

    static inline fs::path dir_;
    static inline std::int64_t query_id_ = 0;
    static inline Server* server_ = nullptr;
    static inline std::thread* thread_ = nullptr;
    static inline int port_ = 0;
};

TEST_F(SimilarApi, RolesAreChecked) {
    EXPECT_EQ(Client(port_, "").post(path(query_id_), nlohmann::json::object()).status, 401);
    const Response viewer = Client(port_, "viewer").post(path(query_id_), nlohmann::json::object());
    EXPECT_EQ(viewer.status, 403);
    EXPECT_EQ(viewer.body["error"]["code"], "forbidden");
    EXPECT_EQ(Client(port_, "viewer").get(path(query_id_)).status, 200);  // may look
}

TEST_F(SimilarApi, FindsTheCopyProposesItOnceAndListsTheQueue) {
    Client reviewer(port_, "reviewer");
    const std::size_t before = label_count();
    const Response first = reviewer.post(path(query_id_), {{"top", 3}});
    ASSERT_EQ(first.status, 200) << first.body.dump();
    const nlohmann::json& hits = first.body["hits"];
    ASSERT_EQ(hits.size(), 3u);
    EXPECT_EQ(hits[0]["unit_id"], "u2");
    EXPECT_EQ(hits[0]["start"], k_t0 + static_cast<Timestamp>(k_copy) * k_minute_ms);
    EXPECT_GT(hits[0]["correlation"].get<double>(), 0.999);
    EXPECT_EQ(hits[0]["state"], "proposed");
    EXPECT_EQ(first.body["proposed"], 3);
    EXPECT_EQ(first.body["source"], fmt::format("similar:{}", query_id_));
    EXPECT_EQ(label_count(), before + 3);

    const Response queue = reviewer.get(path(query_id_));
    ASSERT_EQ(queue.status, 200);
    const nlohmann::json& candidates = queue.body["candidates"];
    ASSERT_EQ(candidates.size(), 3u);
    EXPECT_EQ(candidates[0]["id"], hits[0]["label_id"]);  // most similar first
    for (const auto& c : candidates) {
        EXPECT_EQ(c["source"], fmt::format("similar:{}", query_id_));
        EXPECT_EQ(c["status"], "proposed");
        EXPECT_EQ(c["category"], "compressor_failure");
    }
    EXPECT_EQ(queue.body["progress"]["decided"], 0);

    // Idempotent: the same windows, nothing new stored, no new revision.
    const std::int64_t rev = revision();
    const Response again = reviewer.post(path(query_id_), {{"top", 3}});
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(again.body["proposed"], 0);
    EXPECT_EQ(again.body["already_proposed"], 3);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(again.body["hits"][i]["label_id"], hits[i]["label_id"]);
        EXPECT_EQ(again.body["hits"][i]["state"], "already_proposed");
    }
    EXPECT_EQ(revision(), rev);
    EXPECT_EQ(label_count(), before + 3);
}

TEST_F(SimilarApi, UnknownLabelIs404AndBadInputStoresNothing) {
    Client reviewer(port_, "reviewer");
    const std::int64_t rev = revision();
    const Response missing = reviewer.post(path(999'999), nlohmann::json::object());
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.body["error"]["code"], "not_found");
    EXPECT_EQ(reviewer.get(path(999'999)).status, 404);
    const Response bad_channel = reviewer.post(path(query_id_), {{"channels", {"nope"}}});
    EXPECT_EQ(bad_channel.status, 400);
    EXPECT_NE(bad_channel.body["error"]["message"].get<std::string>().find("nope"),
              std::string::npos);
    const Response bad_top = reviewer.post(path(query_id_), {{"top", 0}});
    EXPECT_EQ(bad_top.status, 400);
    EXPECT_EQ(bad_top.body["error"]["field"], "top");
    EXPECT_EQ(reviewer.post(path(query_id_), {{"colour", "red"}}).status, 400);
    EXPECT_EQ(revision(), rev);
}

}  // namespace
}  // namespace heatloop::web
