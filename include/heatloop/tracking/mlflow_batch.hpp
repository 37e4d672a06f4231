#pragma once
/// The payload of MLflow's runs/log-batch and how a large payload is split into requests
/// the server accepts (its per-request limits, mlflow/utils/validation.py).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "heatloop/core/time.hpp"

namespace heatloop::tracking {

/// One metric point as MLflow stores it.
struct MlflowMetric {
    std::string key;
    double value = 0.0;
    Timestamp timestamp = 0;  ///< ms since the epoch
    std::int64_t step = 0;
};

/// A param or a tag.
struct KeyValue {
    std::string key;
    std::string value;
};

/// Metrics, params and tags for one run, in the order they are to be sent.
struct LogBatch {
    std::vector<MlflowMetric> metrics;
    std::vector<KeyValue> params;
    std::vector<KeyValue> tags;
    /// Number of entities (metrics + params + tags).
    std::size_t size() const noexcept { return metrics.size() + params.size() + tags.size(); }
    /// True when there is nothing to send.
    bool empty() const noexcept { return size() == 0; }
};

/// MLflow's limits on one runs/log-batch request and on names and values.
struct BatchLimits {
    std::size_t max_metrics = 1000;   ///< MAX_METRICS_PER_BATCH
    std::size_t max_params = 100;     ///< MAX_PARAMS_TAGS_PER_BATCH
    std::size_t max_tags = 100;       ///< MAX_PARAMS_TAGS_PER_BATCH
    std::size_t max_entities = 1000;  ///< MAX_ENTITIES_PER_BATCH
    /// MAX_BATCH_LOG_REQUEST_SIZE is 1e6 bytes; keep a margin for the envelope.
    std::size_t max_request_bytes = 900'000;
    std::size_t max_key_length = 250;           ///< MAX_ENTITY_KEY_LENGTH
    std::size_t max_param_value_length = 6000;  ///< MAX_PARAM_VAL_LENGTH
    std::size_t max_tag_value_length = 8000;    ///< MAX_TAG_VAL_LENGTH
};

/// Split `all` into batches that each respect `limits`, preserving the order of each kind:
/// batch k holds a contiguous run of the metrics (and of the params and tags) that follow
/// those of batch k-1. Params and tags go first so the run is described early. An empty
/// input gives no batch.
std::vector<LogBatch> split_log_batch(const LogBatch& all, const BatchLimits& limits = {});

/// Bytes a metric, param or tag adds to a log-batch request body (its JSON object).
std::size_t encoded_size(const MlflowMetric& m);
/// Bytes a param or tag adds to a request body.
std::size_t encoded_size(const KeyValue& kv);

/// A metric, param or tag name MLflow accepts: characters outside letters, digits, '_',
/// '-', '.', ' ', ':' and '/' become '_', empty and "." path segments are dropped, ".."
/// becomes "__", and the name is cut to the key length limit. Valid names are unchanged.
std::string sanitize_key(std::string_view key, const BatchLimits& limits = {});

}  // namespace heatloop::tracking
