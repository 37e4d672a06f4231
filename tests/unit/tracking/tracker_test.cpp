#include "heatloop/tracking/tracker.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "heatloop/core/error.hpp"
#include "heatloop/core/sha256.hpp"
#include "unit/tracking/tracking_fixture.hpp"

using namespace heatloop;
using namespace heatloop::tracking;
using heatloop::tracking::fake::TrackingTest;

class TrackerTest : public TrackingTest {};
HEATLOOP_TRACKING_BACKENDS(TrackerTest);

namespace {

RunSpec named(const std::string& name) {
    RunSpec s;
    s.experiment = "exp";
    s.name = name;
    s.detect_git_commit = false;
    return s;
}

std::filesystem::path write_file(const std::filesystem::path& p, const std::string& bytes) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
}

}  // namespace

TEST_P(TrackerTest, LogsACompleteRun) {
    TrackerOptions opts;
    opts.metric_buffer = 100;
    Tracker tracker(db(), dir_, opts);
    auto run = tracker.start_run(named("full"));
    run.log_param("model", "threshold");
    std::vector<Param> ps{{"window", "30min"}, {"quantile", "0.99"}};
    run.log_params(ps);
    for (int i = 0; i < 250; ++i) run.log_metric("loss", 1.0 / (i + 1), i);
    // 200 written (two full buffers), 50 still buffered.
    EXPECT_EQ(tracker.store().metric_count(run.id()), 200);
    run.log_metric("event_f1", 0.8, 0, 42, std::string("unit-7"));
    run.set_label_revision(12);
    run.set_dataset_fingerprint("fp-1");
    run.end();
    EXPECT_TRUE(run.ended());
    EXPECT_FALSE(run.mirroring());

    RunInfo info = tracker.store().get_run(run.id());
    EXPECT_EQ(info.status, RunStatus::finished);
    EXPECT_TRUE(info.end_time.has_value());
    EXPECT_EQ(info.label_revision, 12);
    EXPECT_EQ(info.dataset_fingerprint, "fp-1");
    EXPECT_EQ(tracker.store().metric_count(run.id()), 251);
    EXPECT_EQ(tracker.store().params(run.id()).size(), 3u);
    auto per_unit = tracker.store().metric_history(run.id(), "event_f1");
    ASSERT_EQ(per_unit.size(), 1u);
    EXPECT_EQ(per_unit[0].metric.unit_id, "unit-7");
    EXPECT_EQ(per_unit[0].metric.timestamp, 42);
    EXPECT_THROW(run.end(), InvalidInputError);
}

TEST_P(TrackerTest, ArtifactsAreCopiedWithSizeAndDigest) {
    Tracker tracker(db(), dir_);
    auto run = tracker.start_run(named("art"));
    auto src = write_file(dir_ / "src" / "model.json", "{\"trees\": 3}\n");
    Artifact a = run.log_artifact(src);
    EXPECT_EQ(a.path, "model.json");
    EXPECT_EQ(a.size, 13);
    EXPECT_EQ(a.sha256, sha256_hex("{\"trees\": 3}\n"));
    Artifact b = run.log_artifact(src, "./reports//scores.json");
    EXPECT_EQ(b.path, "reports/scores.json");
    auto copy = dir_ / "artifacts" / run.id() / "reports" / "scores.json";
    ASSERT_TRUE(std::filesystem::exists(copy));
    EXPECT_EQ(sha256_file(copy).sha256, a.sha256);
    // Logging the same path again replaces the record.
    write_file(src, "changed");
    run.log_artifact(src);
    auto recorded = tracker.store().artifacts(run.id());
    ASSERT_EQ(recorded.size(), 2u);
    EXPECT_EQ(recorded[0].path, "model.json");
    EXPECT_EQ(recorded[0].size, 7);

    EXPECT_THROW(run.log_artifact(src, "../escape.txt"), InvalidInputError);
    EXPECT_THROW(run.log_artifact(src, "/abs.txt"), InvalidInputError);
    EXPECT_THROW(run.log_artifact(dir_ / "missing.bin"), IoError);
    run.end();
}

TEST_P(TrackerTest, AbandonedLoggerEndsItsRunAsFailedAndKeepsBufferedPoints) {
    Tracker tracker(db(), dir_);
    std::string id;
    {
        auto run = tracker.start_run(named("abandoned"));
        id = run.id();
        run.log_metric("loss", 0.5);
        auto moved = std::move(run);  // ownership moves; only one end
    }
    RunInfo info = tracker.store().get_run(id);
    EXPECT_EQ(info.status, RunStatus::failed);
    EXPECT_EQ(tracker.store().metric_count(id), 1);
}

TEST_P(TrackerTest, EndWithExplicitStatus) {
    Tracker tracker(db(), dir_);
    auto run = tracker.start_run(named("killed"));
    run.end(RunStatus::killed);
    EXPECT_EQ(tracker.store().get_run(run.id()).status, RunStatus::killed);
    EXPECT_EQ(run.info().status, RunStatus::killed);
}

TEST_P(TrackerTest, OpenMigratesTheWorkspaceDatabase) {
    auto other = dir_ / "fresh";
    auto tracker = Tracker::open(other, url_);
    auto run = tracker->start_run(named("x"));
    run.end();
    EXPECT_EQ(std::filesystem::exists(other / "heatloop.db"), url_.empty());
    EXPECT_EQ(tracker->store().list_runs().size(), 1u);
}
