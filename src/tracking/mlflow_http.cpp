#include "tracking/mlflow_http.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <vector>

namespace heatloop::tracking {

namespace {

// "MLflow server http://...: POST /path: 400 INVALID_PARAMETER_VALUE: message".
MlflowError response_error(std::string_view host, std::string_view what, int status,
                           const std::string& body) {
    std::string code, message = body.substr(0, 500);
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_object()) {
        code = parsed.value("error_code", "");
        message = parsed.value("message", message);
    }
    return {fmt::format("MLflow server {}: {}: HTTP {}{}{}", host, what, status,
                        code.empty() ? "" : " " + code, message.empty() ? "" : ": " + message),
            status, code};
}

}  // namespace

std::string percent_encode(std::string_view text, bool keep_slash) {
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved || (keep_slash && c == '/'))
            out += static_cast<char>(c);
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

bool is_retryable_status(int status) {
    return status == 0 || status == 429 || status >= 500;
}

MlflowClient::Http::Http(const std::string& scheme_host_port, const HttpRetryPolicy& policy,
                         MlflowClientStats& stats)
    : client_(scheme_host_port), policy_(policy), stats_(stats), host_(scheme_host_port) {
    client_.set_keep_alive(true);
    client_.set_tcp_nodelay(true);  // headers and body go out separately: no Nagle delay
    client_.set_url_encode(false);  // paths and queries are encoded by the caller
    client_.set_connection_timeout(policy.connect_timeout);
    client_.set_read_timeout(policy.read_timeout);
    client_.set_write_timeout(policy.read_timeout);
    // The credentials MLflow's own clients read, so a protected server works the same way.
    const char* token = std::getenv("MLFLOW_TRACKING_TOKEN");
    const char* user = std::getenv("MLFLOW_TRACKING_USERNAME");
    const char* password = std::getenv("MLFLOW_TRACKING_PASSWORD");
    if (token != nullptr && *token != '\0')
        client_.set_bearer_token_auth(token);
    else if (user != nullptr && password != nullptr)
        client_.set_basic_auth(user, password);
    const char* insecure = std::getenv("MLFLOW_TRACKING_INSECURE_TLS");
    if (insecure != nullptr && std::string_view(insecure) == "true")
        client_.enable_server_certificate_verification(false);
}

template <class Send>
std::string MlflowClient::Http::with_retries(std::string_view what, bool retry, Send&& send) {
    auto backoff = policy_.initial_backoff;
    const int attempts = retry ? std::max(1, policy_.max_attempts) : 1;
    for (int attempt = 1;; ++attempt) {
        httplib::Result res = send();
        int status = res ? res->status : 0;
        if (res) ++stats_.requests;
        if (res && status >= 200 && status < 300) return std::move(res->body);
        if (!is_retryable_status(status) || attempt >= attempts) {
            if (!res)
                throw MlflowError(fmt::format("MLflow server {} unreachable: {}: {} (after {} "
                                              "attempt{})",
                                              host_, what, httplib::to_string(res.error()), attempt,
                                              attempt == 1 ? "" : "s"),
                                  0, "");
            throw response_error(host_, what, status, res->body);
        }
        ++stats_.retries;
        auto wait = backoff;
        // A 429 may say how long to wait; honour it within the backoff cap.
        if (res && status == 429 && res->has_header("Retry-After")) {
            long seconds = std::atol(res->get_header_value("Retry-After").c_str());
            if (seconds > 0) wait = std::chrono::milliseconds(seconds * 1000);
        }
        std::this_thread::sleep_for(std::min(wait, policy_.max_backoff));
        backoff = std::min(backoff * 2, policy_.max_backoff);
    }
}

std::string MlflowClient::Http::get(const std::string& path, bool retry) {
    return with_retries(fmt::format("GET {}", path), retry, [&] { return client_.Get(path); });
}

std::string MlflowClient::Http::post_json(const std::string& path, const std::string& body,
                                          bool retry) {
    return with_retries(fmt::format("POST {}", path), retry,
                        [&] { return client_.Post(path, body, "application/json"); });
}

std::string MlflowClient::Http::put_file(const std::string& path,
                                         const std::filesystem::path& file) {
    return with_retries(fmt::format("PUT {}", path), true, [&] {
        // Reopened on every attempt so a retry streams the file from its start.
        std::ifstream in(file, std::ios::binary);
        if (!in) throw IoError(fmt::format("cannot read artifact {}", file.string()));
        std::error_code ec;
        auto size = static_cast<std::size_t>(std::filesystem::file_size(file, ec));
        if (ec)
            throw IoError(fmt::format("cannot stat artifact {}: {}", file.string(), ec.message()));
        if (size == 0) return client_.Put(path, "", 0, "application/octet-stream");
        std::vector<char> buf(1 << 16);
        return client_.Put(
            path, size,
            [&](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                in.seekg(static_cast<std::streamoff>(offset));
                std::size_t n = std::min(length, buf.size());
                in.read(buf.data(), static_cast<std::streamsize>(n));
                auto got = static_cast<std::size_t>(in.gcount());
                if (got == 0) return false;
                sink.write(buf.data(), got);
                return true;
            },
            "application/octet-stream");
    });
}

}  // namespace heatloop::tracking
