#include "heatloop/tracking/run_json.hpp"

#include <cmath>

namespace heatloop::tracking {

namespace {

using nlohmann::json;

template <class T>
json or_null(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

json number(double v) {
    return std::isfinite(v) ? json(v) : json(nullptr);
}

}  // namespace

json to_json(const RunInfo& r) {
    return {{"id", r.id},
            {"experiment", r.experiment},
            {"name", r.name},
            {"status", std::string(run_status_name(r.status))},
            {"start_time", format_iso(r.start_time)},
            {"end_time", r.end_time ? json(format_iso(*r.end_time)) : json(nullptr)},
            {"git_commit", or_null(r.git_commit)},
            {"dataset_fingerprint",
             r.dataset_fingerprint.empty() ? json(nullptr) : json(r.dataset_fingerprint)},
            {"label_revision", or_null(r.label_revision)},
            {"mlflow_run_id", or_null(r.mlflow_run_id)},
            {"mlflow_synced", r.mlflow_synced}};
}

json to_json(const MetricSummary& s) {
    return {{"key", s.key},           {"unit_id", or_null(s.unit_id)}, {"count", s.count},
            {"last", number(s.last)}, {"last_step", s.last_step},      {"min", number(s.min)},
            {"max", number(s.max)}};
}

json to_json(const StoredMetric& m) {
    return {{"key", m.metric.key},
            {"value", number(m.metric.value)},
            {"step", m.metric.step},
            {"timestamp", format_iso(m.metric.timestamp)},
            {"unit_id", or_null(m.metric.unit_id)}};
}

json to_json(const Artifact& a) {
    return {{"path", a.path}, {"size", a.size}, {"sha256", a.sha256}};
}

json to_json(const RunNote& n) {
    const bool saved = n.version > 0;
    return {{"run_id", n.run_id},
            {"version", n.version},
            {"text", n.text},
            {"author", saved ? json(n.author) : json(nullptr)},
            {"written_at", saved ? json(format_iso(n.written_at)) : json(nullptr)}};
}

json to_json(const SyncReport& r) {
    return {{"run_id", r.run_id},
            {"mlflow_run_id", r.mlflow_run_id},
            {"created", r.created},
            {"metrics_sent", r.metrics_sent},
            {"params_sent", r.params_sent},
            {"batches", r.batches},
            {"artifacts_sent", r.artifacts_sent},
            {"missing_artifacts", r.missing_artifacts},
            {"note_sent", r.note_sent},
            {"complete", r.complete}};
}

}  // namespace heatloop::tracking
