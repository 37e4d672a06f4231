#include "heatloop/tracking/run_store.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>

#include "heatloop/core/error.hpp"
#include "heatloop/tracking/git.hpp"
#include "unit/tracking/tracking_fixture.hpp"

using namespace heatloop;
using namespace heatloop::tracking;
using heatloop::tracking::fake::TrackingTest;

class RunStoreTest : public TrackingTest {};
HEATLOOP_TRACKING_BACKENDS(RunStoreTest);

namespace {

RunSpec spec(const std::string& name) {
    RunSpec s;
    s.experiment = "detectors";
    s.name = name;
    s.config_text = "[model]\nname = \"threshold\"\n";
    s.dataset_fingerprint = "sha256:abc";
    s.label_revision = 7;
    s.git_commit = std::string(40, 'a');
    return s;
}

}  // namespace

TEST_P(RunStoreTest, ExperimentsAreCreatedOnceByName) {
    RunStore store(db(), [] { return Timestamp{1000}; });
    Experiment a = store.get_or_create_experiment("detectors");
    Experiment b = store.get_or_create_experiment("detectors");
    Experiment c = store.get_or_create_experiment("forecasters");
    EXPECT_EQ(a.id, b.id);
    EXPECT_NE(a.id, c.id);
    EXPECT_EQ(a.created_at, 1000);
    EXPECT_THROW(store.get_or_create_experiment(""), InvalidInputError);
}

TEST_P(RunStoreTest, RunRecordsItsProvenance) {
    Timestamp now = 1'700'000'000'000;
    RunStore store(db(), [&] { return now; });
    RunInfo run = store.create_run(spec("baseline"));
    EXPECT_EQ(run.id.size(), 32u);
    RunInfo got = store.get_run(run.id);
    EXPECT_EQ(got.experiment, "detectors");
    EXPECT_EQ(got.name, "baseline");
    EXPECT_EQ(got.status, RunStatus::running);
    EXPECT_EQ(got.start_time, now);
    EXPECT_FALSE(got.end_time.has_value());
    EXPECT_EQ(got.git_commit, std::string(40, 'a'));
    EXPECT_EQ(got.config_text, "[model]\nname = \"threshold\"\n");
    EXPECT_EQ(got.dataset_fingerprint, "sha256:abc");
    EXPECT_EQ(got.label_revision, 7);
    EXPECT_FALSE(got.mlflow_synced);
    EXPECT_FALSE(got.mlflow_run_id.has_value());

    now += 5000;
    store.end_run(run.id, RunStatus::failed);
    got = store.get_run(run.id);
    EXPECT_EQ(got.status, RunStatus::failed);
    EXPECT_EQ(got.end_time, now);
    EXPECT_THROW(store.end_run(run.id, RunStatus::running), InvalidInputError);
    EXPECT_THROW(store.end_run("0000", RunStatus::finished), NotFoundError);
}

TEST_P(RunStoreTest, UnnamedRunGetsItsIdPrefixAndNoGitWhenDetectionIsOff) {
    RunStore store(db());
    RunSpec s;
    s.detect_git_commit = false;
    RunInfo run = store.create_run(s);
    EXPECT_EQ(run.name, run.id.substr(0, 8));
    EXPECT_EQ(run.experiment, "default");
    EXPECT_FALSE(store.get_run(run.id).git_commit.has_value());
}

TEST_P(RunStoreTest, RunsAreFoundByUniquePrefix) {
    RunStore store(db());
    std::vector<RunInfo> runs;
    for (int i = 0; i < 40; ++i) runs.push_back(store.create_run(spec(fmt::format("r{}", i))));
    EXPECT_EQ(store.get_run(runs[3].id.substr(0, 12)).id, runs[3].id);
    EXPECT_THROW(store.get_run("abc"), NotFoundError);  // too short to be a prefix
    EXPECT_THROW(store.get_run("ffffffffffffffffffffffffffffffff0"), NotFoundError);
    std::set<std::string> seen;
    for (const auto& r : runs) seen.insert(r.id);
    EXPECT_EQ(seen.size(), runs.size());
    auto listed = store.list_runs();
    EXPECT_EQ(listed.size(), 40u);
    RunFilter f;
    f.limit = 5;
    EXPECT_EQ(store.list_runs(f).size(), 5u);
    f.limit = 100;
    f.experiment = "nope";
    EXPECT_TRUE(store.list_runs(f).empty());
    f.experiment.reset();
    f.status = RunStatus::finished;
    store.end_run(runs[0].id, RunStatus::finished);
    ASSERT_EQ(store.list_runs(f).size(), 1u);
    EXPECT_EQ(store.list_runs(f).front().id, runs[0].id);
}

TEST_P(RunStoreTest, AmbiguousPrefixListsCandidates) {
    RunStore store(db());
    // Insert two runs with a common prefix directly.
    Experiment e = store.get_or_create_experiment("x");
    for (const char* id : {"abcd0000000000000000000000000001", "abcd0000000000000000000000000002"})
        db().exec(
            "INSERT INTO runs (id, experiment_id, name, status, start_time) VALUES (?, ?, 'r', "
            "'FINISHED', 1)",
            {id, e.id});
    try {
        store.get_run("abcd");
        FAIL() << "expected ambiguity";
    } catch (const InvalidInputError& err) {
        EXPECT_NE(std::string(err.what()).find("abcd0000000000000000000000000002"),
                  std::string::npos);
    }
    EXPECT_EQ(store.get_run("abcd0000000000000000000000000001").id,
              "abcd0000000000000000000000000001");
}

TEST_P(RunStoreTest, ParamsRepeatQuietlyAndConflictLoudly) {
    RunStore store(db());
    RunInfo run = store.create_run(spec("p"));
    std::vector<Param> ps{{"lr", "0.1"}, {"depth", "6"}};
    store.log_params(run.id, ps);
    store.log_params(run.id, ps);  // same values: fine
    std::vector<Param> changed{{"window", "30min"}, {"lr", "0.2"}};
    try {
        store.log_params(run.id, changed);
        FAIL() << "expected ConflictError";
    } catch (const ConflictError& e) {
        std::string m = e.what();
        EXPECT_NE(m.find("'lr'"), std::string::npos) << m;
        EXPECT_NE(m.find("0.1"), std::string::npos) << m;
        EXPECT_NE(m.find("0.2"), std::string::npos) << m;
    }
    auto got = store.params(run.id);
    ASSERT_EQ(got.size(), 2u);  // "window" rolled back with the conflicting call
    EXPECT_EQ(got[0].key, "depth");
    EXPECT_EQ(got[1].value, "0.1");
    std::vector<Param> unknown_run{{"a", "b"}};
    EXPECT_THROW(store.log_params("nope", unknown_run), NotFoundError);
}

TEST_P(RunStoreTest, MetricsKeepOrderNaNAndUnits) {
    RunStore store(db());
    RunInfo run = store.create_run(spec("m"));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<Metric> ms;
    for (int i = 0; i < 450; ++i) ms.push_back({"loss", 1.0 / (i + 1), i, 1000 + i, std::nullopt});
    ms.push_back({"f1", 0.5, 0, 5, std::string("unit-1")});
    ms.push_back({"f1", 0.7, 0, 5, std::string("unit-2")});
    ms.push_back({"f1", nan, 1, 6, std::string("unit-2")});
    store.log_metrics(run.id, ms);
    EXPECT_EQ(store.metric_count(run.id), 453);

    auto all = store.metrics(run.id);
    ASSERT_EQ(all.size(), 453u);
    for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].id, all[i].id);
    EXPECT_EQ(all[10].metric.step, 10);
    EXPECT_EQ(all[10].metric.timestamp, 1010);
    EXPECT_TRUE(std::isnan(all[452].metric.value));
    EXPECT_EQ(all[452].metric.unit_id, "unit-2");
    // Paging by id.
    auto tail = store.metrics(run.id, all[449].id, 2);
    ASSERT_EQ(tail.size(), 2u);
    EXPECT_EQ(tail[0].id, all[450].id);

    auto sums = store.metric_summaries(run.id);
    ASSERT_EQ(sums.size(), 3u);
    EXPECT_EQ(sums[0].key, "f1");
    EXPECT_EQ(sums[0].unit_id, "unit-1");
    EXPECT_EQ(sums[1].unit_id, "unit-2");
    EXPECT_EQ(sums[1].count, 2);
    EXPECT_TRUE(std::isnan(sums[1].last));  // step 1 is the latest
    EXPECT_EQ(sums[1].min, 0.7);
    EXPECT_EQ(sums[2].key, "loss");
    EXPECT_EQ(sums[2].count, 450);
    EXPECT_EQ(sums[2].last_step, 449);
    EXPECT_DOUBLE_EQ(sums[2].last, 1.0 / 450);
    EXPECT_DOUBLE_EQ(sums[2].max, 1.0);

    std::vector<Metric> bad{{"", 1.0, 0, 0, std::nullopt}};
    EXPECT_THROW(store.log_metrics(run.id, bad), InvalidInputError);
    EXPECT_EQ(store.metric_history(run.id, "f1").size(), 3u);
}

TEST(RunStore, RunStatusNamesRoundTrip) {
    for (RunStatus s :
         {RunStatus::running, RunStatus::finished, RunStatus::failed, RunStatus::killed})
        EXPECT_EQ(parse_run_status(run_status_name(s)), s);
    EXPECT_EQ(parse_run_status("finished"), RunStatus::finished);
    EXPECT_THROW(parse_run_status("DONE"), InvalidInputError);
}

TEST(GitHeadCommit, NoneOutsideACheckout) {
    auto dir = std::filesystem::temp_directory_path() / "heatloop_not_a_repo";
    std::filesystem::create_directories(dir);
    EXPECT_FALSE(git_head_commit(dir).has_value());
    EXPECT_FALSE(git_head_commit(dir / "missing").has_value());
    std::filesystem::remove_all(dir);
}
