// GET /api/v1/runs/{run}/units/{unit}/alarms and .../scores over HTTP against two stored
// detector runs written by hand: one whose detector wrote score channels ("score.a",
// "score.b": per-channel contributions) and one without. Each alarm carries the channels
// ranked over it (hand-computed means), none for the plain run; ?channel= serves one score
// channel and rejects an unknown one naming the valid ones.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "api_fixture.hpp"
#include "heatloop/alarms/alarm_event.hpp"
#include "heatloop/alarms/policy.hpp"
#include "heatloop/core/frame.hpp"
#include "heatloop/eval/options.hpp"
#include "heatloop/io/frame_file.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/tracking/tracker.hpp"

namespace heatloop::web {
namespace {

namespace fs = std::filesystem;
using testing::ApiServer;

constexpr Timestamp k_t0 = 1'704'067'200'000;  // 2024-01-01T00:00Z
constexpr std::size_t k_rows = 12;             // twelve minutes

Timestamp at(std::size_t row) {
    return k_t0 + static_cast<Timestamp>(row) * k_minute_ms;
}

const char* k_units = "unit_id,type,location\nu1,ASHP,Bern\n";
const char* k_sensors =
    "timestamp,unit_id,t_supply\n"
    "2024-01-01T00:00:00Z,u1,35\n2024-01-01T00:01:00Z,u1,36\n2024-01-01T00:02:00Z,u1,37\n";

// A finished detector run of u1 whose output holds `score` and, when `channels`, score.a and
// score.b; alarms over rows [2, 5) and [8, 11). Returns its id.
std::string add_run(const fs::path& ws, const std::string& name, bool channels) {
    auto db = store::open_workspace_db(ws, "");
    tracking::Tracker tracker(*db, ws);
    tracking::RunSpec spec;
    spec.name = name;
    spec.detect_git_commit = false;
    tracking::RunLogger run = tracker.start_run(spec);
    const fs::path dir = tracker.artifact_dir(run.id());
    fs::create_directories(dir / "outputs");

    UnitFrame f("u1");
    f.set_grid(k_t0, k_minute_ms, k_rows);
    f.get_or_add("score").values = {0, 0, 3, 4, 5, 0, 0, 0, 2, 2, 2, 0};
    if (channels) {
        // Over [2, 5): |a| mean 1, |b| mean 3 (b first). Over [8, 11): b has no value, a 2.
        f.get_or_add("score.a").values = {9, 9, 1, -1, 1, 9, 9, 9, 2, -2, 2, 9};
        f.get_or_add("score.b").values = {0, 0, -3,        3,         3,         0,
                                          0, 0, k_missing, k_missing, k_missing, 0};
    }
    io::write_frame_file(dir / "outputs" / "u1.hlf", f, "scores");
    nlohmann::json events = nlohmann::json::array();
    for (auto [b, e, peak] : {std::tuple{2u, 5u, 5.0}, std::tuple{8u, 11u, 2.0}})
        events.push_back(alarms::to_json(alarms::AlarmEvent{"u1", at(b), at(e), peak, at(b)}));
    std::ofstream(dir / "alarms.json") << events.dump();
    const nlohmann::json summary{{"format_version", 1},
                                 {"kind", "detector"},
                                 {"detector", channels ? "with_channels" : "plain"},
                                 {"alarm_policy", alarms::to_json(alarms::AlarmPolicy{})},
                                 {"evaluation_options", eval::to_json(eval::EvalOptions{})},
                                 {"units",
                                  {{{"unit_id", "u1"},
                                    {"unit_type", "ASHP"},
                                    {"threshold", 1.5},
                                    {"file", "outputs/u1.hlf"}}}}};
    std::ofstream(dir / "summary.json") << summary.dump();
    const std::string id = run.id();
    run.end(tracking::RunStatus::finished);
    return id;
}

class RunsApi : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server_ = new ApiServer(k_units, k_sensors);
        with_ = add_run(server_->workspace(), "with-channels", true);
        plain_ = add_run(server_->workspace(), "plain", false);
    }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static std::string unit_path(const std::string& run, const std::string& what) {
        return fmt::format("/api/v1/runs/{}/units/u1/{}", run, what);
    }
    static ApiServer* server_;
    static std::string with_, plain_;
};
ApiServer* RunsApi::server_ = nullptr;
std::string RunsApi::with_, RunsApi::plain_;

TEST_F(RunsApi, AlarmsCarryTheScoreChannelsLargestFirst) {
    auto viewer = server_->client("vic");
    const auto r = viewer.get(unit_path(with_, "alarms"));
    ASSERT_EQ(r.status, 200) << r.body.dump();
    EXPECT_EQ(r.body.at("threshold"), 1.5);
    const auto& alarms = r.body.at("alarms");
    ASSERT_EQ(alarms.size(), 2u);
    const auto& first = alarms[0].at("channels");
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].at("channel"), "b");
    EXPECT_DOUBLE_EQ(first[0].at("mean_abs").get<double>(), 3.0);
    EXPECT_EQ(first[1].at("channel"), "a");
    EXPECT_DOUBLE_EQ(first[1].at("mean_abs").get<double>(), 1.0);
    // b has no value over the second alarm: only a, with its own mean.
    const auto& second = alarms[1].at("channels");
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].at("channel"), "a");
    EXPECT_DOUBLE_EQ(second[0].at("mean_abs").get<double>(), 2.0);
    // Asked again (now from the cache): the same answer.
    EXPECT_EQ(viewer.get(unit_path(with_, "alarms")).body, r.body);
}

TEST_F(RunsApi, AlarmsOfADetectorWithoutChannelsHaveNone) {
    const auto r = server_->client("vic").get(unit_path(plain_, "alarms"));
    ASSERT_EQ(r.status, 200) << r.body.dump();
    ASSERT_EQ(r.body.at("alarms").size(), 2u);
    for (const auto& a : r.body.at("alarms")) {
        ASSERT_TRUE(a.at("channels").is_array());
        EXPECT_TRUE(a.at("channels").empty());
    }
}

TEST_F(RunsApi, ScoresServeOneScoreChannelDownsampled) {
    auto viewer = server_->client("vic");
    const std::string range = fmt::format("start={}&end={}&width=3", at(0), at(k_rows));
    const auto score = viewer.get(unit_path(with_, "scores?" + range));
    const auto b = viewer.get(unit_path(with_, "scores?channel=b&" + range));
    ASSERT_EQ(score.status, 200) << score.body.dump();
    ASSERT_EQ(b.status, 200) << b.body.dump();
    EXPECT_EQ(b.body.at("t"), score.body.at("t"));  // the same buckets as the score
    EXPECT_EQ(b.body.at("bucket_ms"), 4 * k_minute_ms);
    // Buckets of four rows: b = {0,0,-3,3}, {3,0,0,0}, {-,-,-,0}.
    EXPECT_EQ(b.body.at("min"), nlohmann::json({-3.0, 0.0, 0.0}));
    EXPECT_EQ(b.body.at("max"), nlohmann::json({3.0, 3.0, 0.0}));
    EXPECT_NE(b.body.at("max"), score.body.at("max"));
}

TEST_F(RunsApi, AnUnknownScoreChannelIsRejectedNamingTheValidOnes) {
    auto viewer = server_->client("vic");
    const auto r = viewer.get(unit_path(with_, "scores?channel=t_supply"));
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.body.at("error").at("field"), "channel");
    const std::string message = r.body.at("error").at("message");
    EXPECT_NE(message.find("'t_supply'"), std::string::npos) << message;
    EXPECT_NE(message.find("its channels: a, b"), std::string::npos) << message;

    const auto none = viewer.get(unit_path(plain_, "scores?channel=a"));
    EXPECT_EQ(none.status, 400);
    EXPECT_NE(none.body.at("error").at("message").get<std::string>().find("provides none"),
              std::string::npos)
        << none.body.dump();
    // An empty channel= asks for the score itself.
    EXPECT_EQ(viewer.get(unit_path(with_, "scores?channel=")).status, 200);
    EXPECT_EQ(viewer.get(fmt::format("/api/v1/runs/{}/units/nope/alarms", with_)).status, 404);
}

}  // namespace
}  // namespace heatloop::web
