#include "heatloop/tracking/mlflow_batch.hpp"

#include "tracking/mlflow_json.hpp"

namespace heatloop::tracking {

std::size_t encoded_size(const MlflowMetric& m) {
    return dump_json(to_json(m)).size() + 1;
}

std::size_t encoded_size(const KeyValue& kv) {
    return dump_json(to_json(kv)).size() + 1;
}

std::vector<LogBatch> split_log_batch(const LogBatch& all, const BatchLimits& limits) {
    std::vector<LogBatch> out;
    std::size_t next_param = 0, next_tag = 0, next_metric = 0;
    while (next_param < all.params.size() || next_tag < all.tags.size() ||
           next_metric < all.metrics.size()) {
        LogBatch batch;
        std::size_t bytes = 0;
        // An entity fits when every count limit and the byte budget allow it; the first
        // entity of a batch always fits so one oversized item cannot stall the split.
        auto fits = [&](std::size_t kind_count, std::size_t kind_limit, std::size_t size) {
            return kind_count < kind_limit && batch.size() < limits.max_entities &&
                   (batch.empty() || bytes + size <= limits.max_request_bytes);
        };
        while (next_param < all.params.size()) {
            std::size_t size = encoded_size(all.params[next_param]);
            if (!fits(batch.params.size(), limits.max_params, size)) break;
            batch.params.push_back(all.params[next_param++]);
            bytes += size;
        }
        while (next_tag < all.tags.size()) {
            std::size_t size = encoded_size(all.tags[next_tag]);
            if (!fits(batch.tags.size(), limits.max_tags, size)) break;
            batch.tags.push_back(all.tags[next_tag++]);
            bytes += size;
        }
        while (next_metric < all.metrics.size()) {
            std::size_t size = encoded_size(all.metrics[next_metric]);
            if (!fits(batch.metrics.size(), limits.max_metrics, size)) break;
            batch.metrics.push_back(all.metrics[next_metric++]);
            bytes += size;
        }
        out.push_back(std::move(batch));
    }
    return out;
}

std::string sanitize_key(std::string_view key, const BatchLimits& limits) {
    // MLflow also rejects names that change under path normalisation ("a//b", "./a",
    // "../a", "/a"), so empty, "." and ".." segments are rewritten too.
    std::string out;
    std::size_t pos = 0;
    while (pos <= key.size()) {
        std::size_t slash = std::min(key.find('/', pos), key.size());
        std::string_view seg = key.substr(pos, slash - pos);
        pos = slash + 1;
        if (seg.empty() || seg == ".") continue;
        if (!out.empty()) out += '/';
        if (seg == "..") {
            out += "__";
            continue;
        }
        for (char c : seg) {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.' || c == ' ' || c == ':';
            out += ok ? c : '_';
        }
    }
    if (out.empty()) out.assign(1, '_');
    if (out.size() > limits.max_key_length) out.resize(limits.max_key_length);
    // Cutting may leave a trailing "/" or "/." (or "/.." cut to "/."), which normalise away.
    while (out.size() > 1 && (out.back() == '/' || out.ends_with("/."))) out.pop_back();
    if (out == ".") out.assign(1, '_');
    return out;
}

}  // namespace heatloop::tracking
