#pragma once
/// A small client for MLflow's tracking REST API (/api/2.0/mlflow/...) and its artifact
/// proxy (/api/2.0/mlflow-artifacts/...): one keep-alive connection, retries with
/// exponential backoff on connection failures, 5xx and 429.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "heatloop/core/error.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/tracking/mlflow_batch.hpp"

namespace heatloop::tracking {

/// A request to the MLflow server failed. `status()` is the HTTP status (0 when the server
/// could not be reached at all) and `error_code()` MLflow's code ("RESOURCE_DOES_NOT_EXIST").
class MlflowError : public IoError {
public:
    MlflowError(const std::string& message, int status, std::string error_code)
        : IoError(message), status_(status), error_code_(std::move(error_code)) {}
    /// HTTP status, or 0 when no response arrived.
    int status() const noexcept { return status_; }
    /// MLflow's error_code field ("" when the body had none).
    const std::string& error_code() const noexcept { return error_code_; }
    /// True when no response arrived (connection refused, timeout, reset).
    bool unreachable() const noexcept { return status_ == 0; }

private:
    int status_;
    std::string error_code_;
};

/// How requests are retried and how long they may take.
struct HttpRetryPolicy {
    int max_attempts = 5;                            ///< attempts per request in total
    std::chrono::milliseconds initial_backoff{200};  ///< first wait, doubled each time
    std::chrono::milliseconds max_backoff{5000};     ///< cap of one wait
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds read_timeout{60000};
};

/// A run as the server describes it.
struct MlflowRun {
    std::string run_id;
    std::string experiment_id;
    std::string status;        ///< RUNNING, FINISHED, FAILED, KILLED, SCHEDULED
    std::string artifact_uri;  ///< e.g. "mlflow-artifacts:/1/<run>/artifacts"
};

/// Counters of what a client sent, for reports and tests.
struct MlflowClientStats {
    long requests = 0;  ///< HTTP requests that got a response
    long retries = 0;   ///< attempts repeated after a failure
};

/// One connection to an MLflow tracking server. Not thread-safe. Credentials come from the
/// environment variables MLflow's clients use: MLFLOW_TRACKING_TOKEN (bearer), else
/// MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (basic); MLFLOW_TRACKING_INSECURE_TLS
/// = true skips certificate verification for https.
class MlflowClient {
public:
    /// `url` is the server's base ("http://127.0.0.1:5000", optionally with a path prefix).
    /// Throws InvalidInputError for a URL that is not http(s)://host[:port][/prefix].
    explicit MlflowClient(const std::string& url, HttpRetryPolicy policy = {});
    ~MlflowClient();
    MlflowClient(const MlflowClient&) = delete;
    MlflowClient& operator=(const MlflowClient&) = delete;

    /// The base URL without a trailing slash.
    const std::string& url() const noexcept { return url_; }

    /// The id of the experiment called `name`, created when missing (a concurrent creator
    /// is tolerated).
    std::string get_or_create_experiment(const std::string& name);

    /// Create a run with the given tags. Not retried automatically (a retry after a lost
    /// response could create a second run): callers look the run up by tag first.
    MlflowRun create_run(const std::string& experiment_id, const std::string& run_name,
                         Timestamp start_time, const std::vector<KeyValue>& tags);

    /// The run, or nullopt when the server does not know it (or it was deleted).
    std::optional<MlflowRun> get_run(const std::string& run_id);

    /// The first live run of the experiment whose tag `key` equals `value`, if any.
    std::optional<MlflowRun> find_run_by_tag(const std::string& experiment_id,
                                             const std::string& key, const std::string& value);

    /// One runs/log-batch request; the batch must already respect MLflow's limits.
    void log_batch(const std::string& run_id, const LogBatch& batch);

    /// runs/set-tag.
    void set_tag(const std::string& run_id, const std::string& key, const std::string& value);

    /// runs/update with a final status and end time.
    void update_run(const std::string& run_id, const std::string& status, Timestamp end_time);

    /// Upload a file to `artifact_path` (relative, '/'-separated) under the run's artifact
    /// root through the server's artifact proxy (needs `mlflow server --serve-artifacts`).
    void upload_artifact(const MlflowRun& run, const std::string& artifact_path,
                         const std::filesystem::path& file);

    /// What this client has sent so far.
    const MlflowClientStats& stats() const noexcept { return stats_; }

private:
    struct Http;
    std::string url_;
    std::string prefix_;
    HttpRetryPolicy policy_;
    std::unique_ptr<Http> http_;
    MlflowClientStats stats_;
};

/// The path under /api/2.0/mlflow-artifacts/artifacts/ that holds a run's artifacts, from
/// its artifact_uri ("mlflow-artifacts:/1/abc/artifacts" or an http(s) URL through the
/// proxy). Throws InvalidInputError when the server does not proxy this run's artifacts.
std::string proxied_artifact_root(const std::string& artifact_uri);

}  // namespace heatloop::tracking
