#pragma once
// An in-process stand-in for an MLflow tracking server on a loopback port, enough of the
// REST API for the client and mirror tests, with failure injection. Unlike MLflow's SQL
// store it keeps every metric point it receives, duplicates included, so tests can prove
// that nothing is sent twice.

#include <httplib.h>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "heatloop/tracking/mlflow_batch.hpp"

namespace heatloop::tracking::fake {

struct FakeRun {
    std::string id;
    std::string experiment_id;
    std::string name;
    std::string status = "RUNNING";
    long long start_time = 0;
    long long end_time = 0;
    std::map<std::string, std::string> tags;
    std::map<std::string, std::string> params;
    std::vector<MlflowMetric> metrics;             // every point received, in order
    std::map<std::string, std::string> artifacts;  // path under the run's root -> bytes
};

class FakeMlflow {
public:
    FakeMlflow();
    ~FakeMlflow();
    FakeMlflow(const FakeMlflow&) = delete;
    FakeMlflow& operator=(const FakeMlflow&) = delete;

    // "http://127.0.0.1:<port>".
    std::string url() const;

    // The next `n` requests (any route) answer `status` without doing anything.
    void fail_next(int n, int status);
    // After `n` more successful log-batch requests, every log-batch answers 503 until
    // allow_log_batch() is called.
    void fail_log_batch_after(int n);
    void allow_log_batch();
    // runs/create creates the run but answers 503 (a reply lost on the way back).
    void lose_next_create_reply();

    // Copies of the state.
    std::vector<FakeRun> runs() const;
    std::map<std::string, std::string> experiments() const;  // name -> id
    // Requests answered per route ("POST /api/2.0/mlflow/runs/log-batch"), failures included.
    int requests(const std::string& route) const;
    // The Authorization header of the latest request ("" when none).
    std::string last_authorization() const;
    // Distinct client ports seen (1 when every request used one keep-alive connection).
    std::size_t connections() const;

private:
    // Counts the request; true when an injected failure answered it.
    bool gate(const httplib::Request& req, httplib::Response& res);
    void routes();

    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    mutable std::mutex mu_;
    std::map<std::string, std::string> experiments_;
    std::map<std::string, FakeRun> runs_;
    std::map<std::string, int> requests_;
    std::set<int> ports_;
    std::string authorization_;
    int fail_next_ = 0, fail_status_ = 503;
    int batches_left_ = -1;  // -1: unlimited
    bool lose_create_ = false;
    int next_id_ = 1;
};

// A loopback port with nothing listening (for "server unreachable").
int closed_port();

}  // namespace heatloop::tracking::fake
