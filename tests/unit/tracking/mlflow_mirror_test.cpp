#include "heatloop/tracking/mlflow_mirror.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "heatloop/tracking/tracker.hpp"
#include "unit/tracking/fake_mlflow.hpp"
#include "unit/tracking/tracking_fixture.hpp"

using namespace heatloop;
using namespace heatloop::tracking;
using heatloop::tracking::fake::closed_port;
using heatloop::tracking::fake::FakeMlflow;
using heatloop::tracking::fake::FakeRun;
using heatloop::tracking::fake::TrackingTest;

namespace {

HttpRetryPolicy fast_policy(int attempts = 2) {
    HttpRetryPolicy p;
    p.max_attempts = attempts;
    p.initial_backoff = std::chrono::milliseconds(1);
    p.max_backoff = std::chrono::milliseconds(2);
    p.connect_timeout = std::chrono::milliseconds(500);
    return p;
}

TrackerOptions mirrored(const std::string& url, std::vector<std::string>* warnings) {
    TrackerOptions o;
    o.mlflow_url = url;
    o.mlflow_retry = fast_policy();
    o.on_warning = [warnings](const std::string& w) { warnings->push_back(w); };
    return o;
}

RunSpec spec(const std::string& name) {
    RunSpec s;
    s.experiment = "detectors";
    s.name = name;
    s.git_commit = std::string(40, 'c');
    s.label_revision = 3;
    s.dataset_fingerprint = "fp";
    return s;
}

// Logs `params` params and `points` points of "loss" (plus one per-unit point), an artifact,
// and ends the run.
std::string log_run(Tracker& tracker, const std::filesystem::path& ws, int params, int points) {
    auto run = tracker.start_run(spec("r"));
    std::vector<Param> ps;
    for (int i = 0; i < params; ++i) ps.push_back({fmt::format("p{:03}", i), std::to_string(i)});
    run.log_params(ps);
    std::vector<Metric> ms;
    for (int i = 0; i < points; ++i) ms.push_back({"loss", i * 0.5, i, 1000 + i, std::nullopt});
    run.log_metrics(ms);
    run.log_metric("f1", 0.9, 0, 7, std::string("unit 3"));
    auto file = ws / "model.bin";
    std::ofstream(file, std::ios::binary) << "weights";
    run.log_artifact(file, "model/model.bin");
    run.end();
    return run.id();
}

// Every point once: as many points as logged, and no (key, step) twice.
void expect_each_point_once(const FakeRun& r, std::size_t expected) {
    EXPECT_EQ(r.metrics.size(), expected);
    std::set<std::pair<std::string, long long>> seen;
    for (const auto& m : r.metrics) seen.insert({m.key, m.step});
    EXPECT_EQ(seen.size(), r.metrics.size());
}

}  // namespace

class MirrorTest : public TrackingTest {};
HEATLOOP_TRACKING_BACKENDS(MirrorTest);

TEST(MlflowMirror, MetricKeysAndTags) {
    Metric m{"event_f1", 1, 0, 0, std::string("unit=7")};
    EXPECT_EQ(mlflow_metric_key(m), "event_f1/unit_7");
    m.unit_id.reset();
    EXPECT_EQ(mlflow_metric_key(m), "event_f1");
    RunInfo r;
    r.id = "abc";
    r.git_commit = "c0ffee";
    r.label_revision = 9;
    auto tags = mlflow_tags(r);
    std::map<std::string, std::string> t;
    for (auto& kv : tags) t[kv.key] = kv.value;
    EXPECT_EQ(t.at("heatloop.run_id"), "abc");
    EXPECT_EQ(t.at("mlflow.source.git.commit"), "c0ffee");
    EXPECT_EQ(t.at("heatloop.label_revision"), "9");
    EXPECT_EQ(t.count("heatloop.dataset_fingerprint"), 0u);
}

TEST_P(MirrorTest, LiveRunIsMirroredCompletely) {
    FakeMlflow server;
    std::vector<std::string> warnings;
    Tracker tracker(db(), dir_, mirrored(server.url(), &warnings));
    std::string id = log_run(tracker, dir_, 150, 2500);
    EXPECT_TRUE(warnings.empty()) << warnings.front();

    auto runs = server.runs();
    ASSERT_EQ(runs.size(), 1u);
    const FakeRun& r = runs.front();
    EXPECT_EQ(r.name, "r");
    EXPECT_EQ(r.status, "FINISHED");
    EXPECT_GT(r.end_time, 0);
    EXPECT_EQ(r.params.size(), 150u);
    EXPECT_EQ(r.params.at("p149"), "149");
    expect_each_point_once(r, 2501);
    EXPECT_EQ(r.metrics.back().key, "f1/unit 3");
    EXPECT_EQ(r.tags.at("heatloop.run_id"), id);
    EXPECT_EQ(r.tags.at("mlflow.source.git.commit"), std::string(40, 'c'));
    EXPECT_EQ(r.tags.at("heatloop.label_revision"), "3");
    EXPECT_EQ(r.tags.at("heatloop.dataset_fingerprint"), "fp");
    EXPECT_EQ(r.artifacts.at("model/model.bin"), "weights");
    // Split at the limits: 2501 points and 150 params need at least 4 requests.
    EXPECT_GE(server.requests("POST /api/2.0/mlflow/runs/log-batch"), 4);
    EXPECT_EQ(server.connections(), 1u);

    RunInfo info = tracker.store().get_run(id);
    EXPECT_TRUE(info.mlflow_synced);
    EXPECT_EQ(info.mlflow_run_id, r.id);
    EXPECT_TRUE(tracker.mirror()->pending_runs().empty());
    // Syncing a complete run again sends no point.
    tracker.mirror()->sync_run(id);
    expect_each_point_once(server.runs().front(), 2501);
}

TEST_P(MirrorTest, UnreachableServerLeavesRunUnsyncedThenSyncCatchesUp) {
    std::vector<std::string> warnings;
    const std::string dead = fmt::format("http://127.0.0.1:{}", closed_port());
    std::string id;
    {
        Tracker tracker(db(), dir_, mirrored(dead, &warnings));
        id = log_run(tracker, dir_, 20, 1200);
        ASSERT_EQ(warnings.size(), 1u);  // one warning, not one per flush
        EXPECT_NE(warnings[0].find("runs sync"), std::string::npos) << warnings[0];
        RunInfo info = tracker.store().get_run(id);
        EXPECT_EQ(info.status, RunStatus::finished);
        EXPECT_FALSE(info.mlflow_synced);
        EXPECT_EQ(tracker.store().metric_count(id), 1201);
        auto st = tracker.mirror()->state(id);
        ASSERT_TRUE(st.has_value());
        ASSERT_TRUE(st->last_error.has_value());
        EXPECT_NE(st->last_error->find("unreachable"), std::string::npos);
    }
    FakeMlflow server;
    RunStore store(db());
    MlflowMirror mirror(store, dir_, server.url(), fast_policy());
    ASSERT_EQ(mirror.pending_runs(), std::vector<std::string>{id});
    SyncAllReport report = mirror.sync_pending();
    ASSERT_EQ(report.synced.size(), 1u);
    EXPECT_TRUE(report.failed.empty());
    EXPECT_TRUE(report.synced[0].complete);
    EXPECT_TRUE(report.synced[0].created);
    EXPECT_EQ(report.synced[0].metrics_sent, 1201);
    EXPECT_EQ(report.synced[0].artifacts_sent, 1);
    auto r = server.runs().at(0);
    expect_each_point_once(r, 1201);
    EXPECT_EQ(r.params.size(), 20u);
    EXPECT_EQ(r.status, "FINISHED");
    EXPECT_FALSE(mirror.state(id)->last_error.has_value());
    EXPECT_TRUE(store.get_run(id).mlflow_synced);

    // A second sync finds nothing to do and sends nothing.
    int batches = server.requests("POST /api/2.0/mlflow/runs/log-batch");
    SyncAllReport again = mirror.sync_pending();
    EXPECT_TRUE(again.synced.empty());
    EXPECT_TRUE(again.failed.empty());
    EXPECT_EQ(server.requests("POST /api/2.0/mlflow/runs/log-batch"), batches);
    EXPECT_EQ(server.runs().size(), 1u);
}

TEST_P(MirrorTest, FailureMidSyncResumesWithoutDuplicatesOrGaps) {
    std::string id;
    {
        Tracker tracker(db(), dir_);  // no mirror while logging
        id = log_run(tracker, dir_, 5, 4500);
    }
    FakeMlflow server;
    RunStore store(db());
    MlflowMirror mirror(store, dir_, server.url(), fast_policy());
    server.fail_log_batch_after(2);
    EXPECT_THROW(mirror.sync_run(id), MlflowError);
    auto st = mirror.state(id);
    ASSERT_TRUE(st.has_value());
    EXPECT_FALSE(st->complete);
    EXPECT_EQ(st->params_sent, 5);
    // Two requests went through: the first carried 5 params and 5 tags, so 990 + 1000 points;
    // the cursor stops exactly after them.
    EXPECT_EQ(server.runs().at(0).metrics.size(), 1990u);
    std::size_t acknowledged = 0;
    for (const auto& m : store.metrics(id))
        if (m.id <= st->metric_cursor) ++acknowledged;
    EXPECT_EQ(acknowledged, 1990u);
    EXPECT_FALSE(store.get_run(id).mlflow_synced);

    server.allow_log_batch();
    SyncReport report = mirror.sync_run(id);
    EXPECT_FALSE(report.created);  // the same MLflow run continues
    EXPECT_TRUE(report.complete);
    ASSERT_EQ(server.runs().size(), 1u);
    expect_each_point_once(server.runs().at(0), 4501);
    EXPECT_TRUE(store.get_run(id).mlflow_synced);
}

TEST_P(MirrorTest, LostCreateReplyDoesNotDuplicateTheRun) {
    std::string id;
    {
        Tracker tracker(db(), dir_);
        id = log_run(tracker, dir_, 1, 10);
    }
    FakeMlflow server;
    RunStore store(db());
    MlflowMirror mirror(store, dir_, server.url(), fast_policy());
    server.lose_next_create_reply();
    EXPECT_THROW(mirror.sync_run(id), MlflowError);
    SyncReport report = mirror.sync_run(id);
    EXPECT_FALSE(report.created);
    ASSERT_EQ(server.runs().size(), 1u);
    expect_each_point_once(server.runs().at(0), 11);
    EXPECT_EQ(store.get_run(id).mlflow_run_id, server.runs().at(0).id);
}

TEST_P(MirrorTest, RunningRunsAreNotPendingAndMissingArtifactsAreReported) {
    FakeMlflow server;
    Tracker tracker(db(), dir_);
    auto live = tracker.start_run(spec("live"));
    std::string done = log_run(tracker, dir_, 0, 3);
    std::filesystem::remove(tracker.artifact_dir(done) / "model" / "model.bin");
    MlflowMirror mirror(tracker.store(), dir_, server.url(), fast_policy());
    EXPECT_EQ(mirror.pending_runs(), std::vector<std::string>{done});
    SyncReport report = mirror.sync_run(done);
    EXPECT_TRUE(report.complete);
    EXPECT_EQ(report.missing_artifacts, std::vector<std::string>{"model/model.bin"});
    live.end();
}

TEST(MlflowMirror, NoteValueIsCutBetweenCharactersAtTheTagLimit) {
    EXPECT_EQ(mlflow_note_value("short\nnote"), "short\nnote");
    std::string long_note;
    for (int i = 0; i < 4001; ++i) long_note += "\xc3\xa9";  // é, 8002 bytes
    const std::string v = mlflow_note_value("x" + long_note);
    EXPECT_EQ(v.size(), 7999u);  // "x" and 3999 whole é: the 8000th byte would split one
    EXPECT_EQ(v.substr(v.size() - 2), "\xc3\xa9");
}

TEST_P(MirrorTest, NoteGoesOutAsTheDescriptionAndAgainAfterAnEdit) {
    FakeMlflow server;
    Tracker tracker(db(), dir_);
    std::string id = log_run(tracker, dir_, 2, 3);
    RunStore& store = tracker.store();
    store.set_note(id, 0, "first look: **noisy**", "alice");
    MlflowMirror mirror(store, dir_, server.url(), fast_policy());
    SyncReport first = mirror.sync_run(id);
    EXPECT_TRUE(first.complete);
    EXPECT_TRUE(first.note_sent);
    EXPECT_EQ(server.runs().at(0).tags.at("mlflow.note.content"), "first look: **noisy**");
    EXPECT_TRUE(mirror.pending_runs().empty());

    // Edited after the run was mirrored: pending again, and only the note goes out.
    store.set_note(id, 1, "second look: fine", "bob");
    EXPECT_EQ(mirror.pending_runs(), std::vector<std::string>{id});
    const int uploads = server.requests("POST /api/2.0/mlflow/runs/log-batch");
    SyncAllReport all = mirror.sync_pending();
    ASSERT_EQ(all.synced.size(), 1u);
    EXPECT_TRUE(all.synced.at(0).note_sent);
    EXPECT_EQ(all.synced.at(0).metrics_sent, 0);
    EXPECT_EQ(all.synced.at(0).artifacts_sent, 0);
    EXPECT_EQ(server.requests("POST /api/2.0/mlflow/runs/log-batch"), uploads + 1);
    EXPECT_EQ(server.runs().at(0).tags.at("mlflow.note.content"), "second look: fine");
    expect_each_point_once(server.runs().at(0), 4);
    EXPECT_TRUE(mirror.pending_runs().empty());
    EXPECT_FALSE(mirror.sync_run(id).note_sent);  // nothing new
}
