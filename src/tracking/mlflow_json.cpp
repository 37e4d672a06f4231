#include "tracking/mlflow_json.hpp"

#include <cmath>

namespace heatloop::tracking {

nlohmann::json to_json(const MlflowMetric& m) {
    nlohmann::json value;
    if (std::isnan(m.value))
        value = "NaN";
    else if (std::isinf(m.value))
        value = m.value > 0 ? "Infinity" : "-Infinity";
    else
        value = m.value;
    return {
        {"key", m.key}, {"value", std::move(value)}, {"timestamp", m.timestamp}, {"step", m.step}};
}

nlohmann::json to_json(const KeyValue& kv) {
    return {{"key", kv.key}, {"value", kv.value}};
}

std::string log_batch_body(const std::string& run_id, const LogBatch& batch) {
    nlohmann::json body = {{"run_id", run_id}};
    auto& metrics = body["metrics"] = nlohmann::json::array();
    for (const auto& m : batch.metrics) metrics.push_back(to_json(m));
    auto& params = body["params"] = nlohmann::json::array();
    for (const auto& p : batch.params) params.push_back(to_json(p));
    auto& tags = body["tags"] = nlohmann::json::array();
    for (const auto& t : batch.tags) tags.push_back(to_json(t));
    return dump_json(body);
}

std::string dump_json(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace heatloop::tracking
