#include "heatloop/tracking/mlflow_client.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tracking/mlflow_http.hpp"
#include "tracking/mlflow_json.hpp"

namespace heatloop::tracking {

namespace {

constexpr std::string_view k_api = "/api/2.0/mlflow/";
constexpr std::string_view k_artifacts_api = "/api/2.0/mlflow-artifacts/artifacts/";

nlohmann::json parse(const std::string& body, std::string_view what) {
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw MlflowError(
            fmt::format("MLflow {}: response is not a JSON object: {}", what, body.substr(0, 200)),
            200, "");
    return j;
}

MlflowRun run_from_json(const nlohmann::json& run) {
    const auto& info = run.at("info");
    return {info.value("run_id", info.value("run_uuid", "")), info.value("experiment_id", ""),
            info.value("status", ""), info.value("artifact_uri", "")};
}

// "'value'" as an MLflow search filter literal.
std::string filter_literal(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

}  // namespace

MlflowClient::MlflowClient(const std::string& url, HttpRetryPolicy policy) : policy_(policy) {
    std::string u = url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    auto scheme_end = u.find("://");
    if (scheme_end == std::string::npos ||
        (u.compare(0, scheme_end, "http") != 0 && u.compare(0, scheme_end, "https") != 0) ||
        scheme_end + 3 >= u.size())
        throw InvalidInputError(
            fmt::format("--mlflow {}: expected http://host[:port][/prefix] or https://...", url));
    auto path_start = u.find('/', scheme_end + 3);
    std::string origin = u.substr(0, path_start);
    if (path_start != std::string::npos) prefix_ = u.substr(path_start);
    url_ = u;
    http_ = std::make_unique<Http>(origin, policy_, stats_);
}

MlflowClient::~MlflowClient() = default;

std::string MlflowClient::get_or_create_experiment(const std::string& name) {
    const std::string by_name = fmt::format("{}{}experiments/get-by-name?experiment_name={}",
                                            prefix_, k_api, percent_encode(name, false));
    auto lookup = [&]() -> std::optional<std::string> {
        try {
            auto j = parse(http_->get(by_name), "experiments/get-by-name");
            return j.at("experiment").value("experiment_id", "");
        } catch (const MlflowError& e) {
            if (e.error_code() == "RESOURCE_DOES_NOT_EXIST") return std::nullopt;
            throw;
        }
    };
    if (auto id = lookup()) return *id;
    try {
        nlohmann::json body = {{"name", name}};
        auto j = parse(
            http_->post_json(prefix_ + std::string(k_api) + "experiments/create", dump_json(body)),
            "experiments/create");
        return j.value("experiment_id", "");
    } catch (const MlflowError& e) {
        // Another client created it between our lookup and create.
        if (e.error_code() != "RESOURCE_ALREADY_EXISTS") throw;
    }
    if (auto id = lookup()) return *id;
    throw MlflowError(fmt::format("MLflow experiment '{}' neither exists nor can be created", name),
                      404, "RESOURCE_DOES_NOT_EXIST");
}

MlflowRun MlflowClient::create_run(const std::string& experiment_id, const std::string& run_name,
                                   Timestamp start_time, const std::vector<KeyValue>& tags) {
    nlohmann::json body = {{"experiment_id", experiment_id},
                           {"run_name", run_name},
                           {"start_time", start_time},
                           {"tags", nlohmann::json::array()}};
    for (const auto& t : tags) body["tags"].push_back(to_json(t));
    auto j = parse(
        http_->post_json(prefix_ + std::string(k_api) + "runs/create", dump_json(body), false),
        "runs/create");
    return run_from_json(j.at("run"));
}

std::optional<MlflowRun> MlflowClient::get_run(const std::string& run_id) {
    try {
        auto j = parse(http_->get(fmt::format("{}{}runs/get?run_id={}", prefix_, k_api,
                                              percent_encode(run_id, false))),
                       "runs/get");
        const auto& info = j.at("run").at("info");
        if (info.value("lifecycle_stage", "active") != "active") return std::nullopt;
        return run_from_json(j.at("run"));
    } catch (const MlflowError& e) {
        if (e.error_code() == "RESOURCE_DOES_NOT_EXIST") return std::nullopt;
        throw;
    }
}

std::optional<MlflowRun> MlflowClient::find_run_by_tag(const std::string& experiment_id,
                                                       const std::string& key,
                                                       const std::string& value) {
    nlohmann::json body = {{"experiment_ids", {experiment_id}},
                           {"filter", fmt::format("tags.`{}` = {}", key, filter_literal(value))},
                           {"run_view_type", "ACTIVE_ONLY"},
                           {"max_results", 1}};
    auto j = parse(http_->post_json(prefix_ + std::string(k_api) + "runs/search", dump_json(body)),
                   "runs/search");
    if (!j.contains("runs") || j["runs"].empty()) return std::nullopt;
    return run_from_json(j["runs"][0]);
}

void MlflowClient::log_batch(const std::string& run_id, const LogBatch& batch) {
    http_->post_json(prefix_ + std::string(k_api) + "runs/log-batch",
                     log_batch_body(run_id, batch));
}

void MlflowClient::set_tag(const std::string& run_id, const std::string& key,
                           const std::string& value) {
    nlohmann::json body = {{"run_id", run_id}, {"key", key}, {"value", value}};
    http_->post_json(prefix_ + std::string(k_api) + "runs/set-tag", dump_json(body));
}

void MlflowClient::update_run(const std::string& run_id, const std::string& status,
                              Timestamp end_time) {
    nlohmann::json body = {{"run_id", run_id}, {"status", status}, {"end_time", end_time}};
    http_->post_json(prefix_ + std::string(k_api) + "runs/update", dump_json(body));
}

void MlflowClient::upload_artifact(const MlflowRun& run, const std::string& artifact_path,
                                   const std::filesystem::path& file) {
    std::string root = proxied_artifact_root(run.artifact_uri);
    http_->put_file(fmt::format("{}{}{}/{}", prefix_, k_artifacts_api, percent_encode(root, true),
                                percent_encode(artifact_path, true)),
                    file);
}

std::string proxied_artifact_root(const std::string& artifact_uri) {
    std::string root;
    constexpr std::string_view scheme = "mlflow-artifacts:";
    if (artifact_uri.starts_with(scheme)) {
        root = artifact_uri.substr(scheme.size());
        // "mlflow-artifacts://host:port/path": the authority is not part of the path.
        if (root.starts_with("//")) {
            auto slash = root.find('/', 2);
            root = slash == std::string::npos ? "" : root.substr(slash);
        }
    } else if (auto at = artifact_uri.find(k_artifacts_api);
               (artifact_uri.starts_with("http://") || artifact_uri.starts_with("https://")) &&
               at != std::string::npos) {
        root = artifact_uri.substr(at + k_artifacts_api.size());
    } else {
        throw InvalidInputError(fmt::format(
            "MLflow run artifact root '{}' is not served through the artifact proxy: start the "
            "server with --serve-artifacts (and no --default-artifact-root outside it)",
            artifact_uri));
    }
    while (!root.empty() && root.front() == '/') root.erase(0, 1);
    while (!root.empty() && root.back() == '/') root.pop_back();
    return root;
}

}  // namespace heatloop::tracking
