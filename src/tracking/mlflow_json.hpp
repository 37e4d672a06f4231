#pragma once
// JSON encoding of MLflow REST payloads (internal to the tracking layer).

#include <nlohmann/json.hpp>

#include <string>

#include "heatloop/tracking/mlflow_batch.hpp"

namespace heatloop::tracking {

// {"key","value","timestamp","step"}; NaN and infinities are sent as the strings protobuf's
// JSON mapping uses ("NaN", "Infinity", "-Infinity"), which plain JSON cannot hold.
nlohmann::json to_json(const MlflowMetric& m);

// {"key","value"}.
nlohmann::json to_json(const KeyValue& kv);

// Compact JSON text; invalid UTF-8 in strings is replaced rather than thrown on.
std::string dump_json(const nlohmann::json& j);

// The body of runs/log-batch for `run_id`.
std::string log_batch_body(const std::string& run_id, const LogBatch& batch);

}  // namespace heatloop::tracking
