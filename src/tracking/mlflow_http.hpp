#pragma once
// The HTTP transport under MlflowClient: one keep-alive cpp-httplib connection, retries
// with exponential backoff, and MLflow's JSON error bodies turned into MlflowError.

#include <httplib.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "heatloop/tracking/mlflow_client.hpp"

namespace heatloop::tracking {

// Percent-encodes everything outside RFC 3986's unreserved set; '/' is kept when
// `keep_slash` (for paths).
std::string percent_encode(std::string_view text, bool keep_slash);

// Whether a failed attempt may be repeated: no response, 5xx, or 429.
bool is_retryable_status(int status);

struct MlflowClient::Http {
    Http(const std::string& scheme_host_port, const HttpRetryPolicy& policy,
         MlflowClientStats& stats);

    // GET/POST/PUT `path` (already encoded) and return the 2xx body; throws MlflowError with
    // the server's message otherwise. `retry` = false makes exactly one attempt.
    std::string get(const std::string& path, bool retry = true);
    std::string post_json(const std::string& path, const std::string& body, bool retry = true);
    std::string put_file(const std::string& path, const std::filesystem::path& file);

private:
    template <class Send>
    std::string with_retries(std::string_view what, bool retry, Send&& send);

    httplib::Client client_;
    HttpRetryPolicy policy_;
    MlflowClientStats& stats_;
    std::string host_;
};

}  // namespace heatloop::tracking
