#include "heatloop/tracking/mlflow_client.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>

#include "unit/tracking/fake_mlflow.hpp"

using namespace heatloop;
using namespace heatloop::tracking;
using heatloop::tracking::fake::closed_port;
using heatloop::tracking::fake::FakeMlflow;

namespace {

HttpRetryPolicy fast_policy(int attempts = 4) {
    HttpRetryPolicy p;
    p.max_attempts = attempts;
    p.initial_backoff = std::chrono::milliseconds(1);
    p.max_backoff = std::chrono::milliseconds(4);
    p.connect_timeout = std::chrono::milliseconds(500);
    return p;
}

const std::string k_set_tag = "POST /api/2.0/mlflow/runs/set-tag";

}  // namespace

TEST(MlflowClient, RejectsUrlsThatAreNotHttp) {
    EXPECT_THROW(MlflowClient("localhost:5000"), InvalidInputError);
    EXPECT_THROW(MlflowClient("ftp://host"), InvalidInputError);
    EXPECT_THROW(MlflowClient("http://"), InvalidInputError);
    EXPECT_EQ(MlflowClient("http://127.0.0.1:5000/").url(), "http://127.0.0.1:5000");
}

TEST(MlflowClient, ExperimentIsCreatedOnceThenFound) {
    FakeMlflow server;
    MlflowClient client(server.url(), fast_policy());
    std::string id = client.get_or_create_experiment("heat pumps/2024 ünits");
    EXPECT_EQ(client.get_or_create_experiment("heat pumps/2024 ünits"), id);
    EXPECT_EQ(server.experiments().size(), 1u);
    EXPECT_EQ(server.experiments().at("heat pumps/2024 ünits"), id);
    EXPECT_EQ(server.requests("POST /api/2.0/mlflow/experiments/create"), 1);
}

TEST(MlflowClient, UsesOneKeepAliveConnection) {
    FakeMlflow server;
    MlflowClient client(server.url(), fast_policy());
    auto exp = client.get_or_create_experiment("e");
    auto run = client.create_run(exp, "r", 1, {});
    for (int i = 0; i < 20; ++i) client.set_tag(run.run_id, "k", std::to_string(i));
    EXPECT_EQ(server.requests(k_set_tag), 20);
    EXPECT_EQ(server.connections(), 1u);
    EXPECT_EQ(client.stats().requests, 23);
}

TEST(MlflowClient, RetriesServerErrorsAndTooManyRequests) {
    FakeMlflow server;
    MlflowClient client(server.url(), fast_policy(4));
    auto run = client.create_run(client.get_or_create_experiment("e"), "r", 1, {});
    server.fail_next(2, 503);
    client.set_tag(run.run_id, "a", "1");
    EXPECT_EQ(server.requests(k_set_tag), 3);
    server.fail_next(3, 429);
    client.set_tag(run.run_id, "b", "2");
    EXPECT_EQ(server.requests(k_set_tag), 7);
    EXPECT_EQ(client.stats().retries, 5);
    EXPECT_EQ(server.runs().front().tags.at("b"), "2");
}

TEST(MlflowClient, GivesUpAfterMaxAttemptsWithTheServersMessage) {
    FakeMlflow server;
    MlflowClient client(server.url(), fast_policy(3));
    auto run = client.create_run(client.get_or_create_experiment("e"), "r", 1, {});
    server.fail_next(10, 502);
    try {
        client.set_tag(run.run_id, "a", "1");
        FAIL() << "expected MlflowError";
    } catch (const MlflowError& e) {
        EXPECT_EQ(e.status(), 502);
        EXPECT_FALSE(e.unreachable());
        EXPECT_NE(std::string(e.what()).find("injected failure"), std::string::npos) << e.what();
    }
    EXPECT_EQ(server.requests(k_set_tag), 3);
}

TEST(MlflowClient, ClientErrorsAreNotRetried) {
    FakeMlflow server;
    MlflowClient client(server.url(), fast_policy(5));
    auto run = client.create_run(client.get_or_create_experiment("e"), "r", 1, {});
    server.fail_next(1, 400);
    EXPECT_THROW(client.set_tag(run.run_id, "a", "1"), MlflowError);
    EXPECT_EQ(server.requests(k_set_tag), 1);
}

TEST(MlflowClient, CreateRunIsNeverRetried) {
    FakeMlflow server;
    MlflowClient client(server.url(), fast_policy(5));
    auto exp = client.get_or_create_experiment("e");
    server.lose_next_create_reply();
    EXPECT_THROW(client.create_run(exp, "r", 1, {{"heatloop.run_id", "abc"}}), MlflowError);
    EXPECT_EQ(server.runs().size(), 1u);  // one run, not five
    auto found = client.find_run_by_tag(exp, "heatloop.run_id", "abc");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->run_id, server.runs().front().id);
    EXPECT_FALSE(client.find_run_by_tag(exp, "heatloop.run_id", "other").has_value());
}

TEST(MlflowClient, UnreachableServerIsReportedAsSuch) {
    MlflowClient client(fmt::format("http://127.0.0.1:{}", closed_port()), fast_policy(2));
    try {
        client.get_or_create_experiment("e");
        FAIL() << "expected MlflowError";
    } catch (const MlflowError& e) {
        EXPECT_TRUE(e.unreachable());
        EXPECT_NE(std::string(e.what()).find("unreachable"), std::string::npos);
    }
    EXPECT_EQ(client.stats().retries, 1);
}

TEST(MlflowClient, NonFiniteMetricValuesSurviveTheTrip) {
    FakeMlflow server;
    MlflowClient client(server.url(), fast_policy());
    auto run = client.create_run(client.get_or_create_experiment("e"), "r", 1, {});
    LogBatch b;
    b.metrics = {{"m", std::numeric_limits<double>::quiet_NaN(), 5, 0},
                 {"m", std::numeric_limits<double>::infinity(), 5, 1},
                 {"m", -std::numeric_limits<double>::infinity(), 5, 2},
                 {"m", 0.1, 5, 3}};
    b.params = {{"p", "v"}};
    client.log_batch(run.run_id, b);
    auto got = server.runs().front();
    ASSERT_EQ(got.metrics.size(), 4u);
    EXPECT_TRUE(std::isnan(got.metrics[0].value));
    EXPECT_EQ(got.metrics[1].value, std::numeric_limits<double>::infinity());
    EXPECT_EQ(got.metrics[2].value, -std::numeric_limits<double>::infinity());
    EXPECT_EQ(got.metrics[3].value, 0.1);
    EXPECT_EQ(got.params.at("p"), "v");
}

TEST(MlflowClient, GetRunOfUnknownIdIsEmpty) {
    FakeMlflow server;
    MlflowClient client(server.url(), fast_policy());
    EXPECT_FALSE(client.get_run("nope").has_value());
}

TEST(MlflowClient, UploadsArtifactThroughTheProxy) {
    FakeMlflow server;
    MlflowClient client(server.url(), fast_policy());
    auto run = client.create_run(client.get_or_create_experiment("e"), "r", 1, {});
    auto file = std::filesystem::temp_directory_path() / "heatloop_upload_test.bin";
    std::string bytes(200'000, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i % 251);
    std::ofstream(file, std::ios::binary) << bytes;
    client.upload_artifact(run, "model dir/weights.bin", file);
    std::filesystem::remove(file);
    auto got = server.runs().front().artifacts;
    ASSERT_EQ(got.count("model dir/weights.bin"), 1u);
    EXPECT_EQ(got["model dir/weights.bin"], bytes);
}

TEST(ProxiedArtifactRoot, AcceptsProxyUrisOnly) {
    EXPECT_EQ(proxied_artifact_root("mlflow-artifacts:/1/abc/artifacts"), "1/abc/artifacts");
    EXPECT_EQ(proxied_artifact_root("mlflow-artifacts://host:5000/1/abc/artifacts/"),
              "1/abc/artifacts");
    EXPECT_EQ(
        proxied_artifact_root("http://h:5000/api/2.0/mlflow-artifacts/artifacts/7/xyz/artifacts"),
        "7/xyz/artifacts");
    EXPECT_THROW(proxied_artifact_root("/tmp/mlruns/1/abc/artifacts"), InvalidInputError);
    EXPECT_THROW(proxied_artifact_root("s3://bucket/1/abc"), InvalidInputError);
}

TEST(MlflowClient, SendsCredentialsFromMlflowsEnvironmentVariables) {
    FakeMlflow server;
    {
        MlflowClient client(server.url(), fast_policy());
        client.get_or_create_experiment("e");
        EXPECT_EQ(server.last_authorization(), "");
    }
    ::setenv("MLFLOW_TRACKING_USERNAME", "ana", 1);
    ::setenv("MLFLOW_TRACKING_PASSWORD", "secret", 1);
    {
        MlflowClient client(server.url(), fast_policy());
        client.get_or_create_experiment("e");
        EXPECT_EQ(server.last_authorization(), "Basic YW5hOnNlY3JldA==");  // ana:secret
    }
    ::setenv("MLFLOW_TRACKING_TOKEN", "tok123", 1);
    {
        MlflowClient client(server.url(), fast_policy());
        client.get_or_create_experiment("e");
        EXPECT_EQ(server.last_authorization(), "Bearer tok123");
    }
    ::unsetenv("MLFLOW_TRACKING_TOKEN");
    ::unsetenv("MLFLOW_TRACKING_USERNAME");
    ::unsetenv("MLFLOW_TRACKING_PASSWORD");
}
