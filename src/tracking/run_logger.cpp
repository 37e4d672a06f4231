#include <fmt/format.h>

#include <system_error>

#include "heatloop/core/error.hpp"
#include "heatloop/core/sha256.hpp"
#include "heatloop/tracking/tracker.hpp"

namespace heatloop::tracking {

namespace {

// A relative, '/'-separated artifact path without "." or ".." segments.
std::string checked_artifact_path(const std::string& path) {
    if (path.empty() || path.front() == '/' || path.find('\\') != std::string::npos)
        throw InvalidInputError(fmt::format(
            "artifact path '{}': expected a relative path such as 'model/model.json'", path));
    std::string out;
    std::size_t pos = 0;
    while (pos <= path.size()) {
        std::size_t slash = std::min(path.find('/', pos), path.size());
        std::string_view seg = std::string_view(path).substr(pos, slash - pos);
        pos = slash + 1;
        if (seg.empty() || seg == ".") continue;
        if (seg == "..")
            throw InvalidInputError(fmt::format("artifact path '{}': '..' is not allowed", path));
        if (!out.empty()) out += '/';
        out += seg;
    }
    if (out.empty()) throw InvalidInputError(fmt::format("artifact path '{}' names no file", path));
    return out;
}

}  // namespace

RunLogger::RunLogger(Tracker& tracker, RunInfo info) : tracker_(&tracker), info_(std::move(info)) {}

RunLogger::RunLogger(RunLogger&& other) noexcept
    : tracker_(other.tracker_),
      info_(std::move(other.info_)),
      buffer_(std::move(other.buffer_)),
      mirror_ok_(other.mirror_ok_),
      ended_(other.ended_) {
    other.ended_ = true;  // the moved-from logger no longer owns the run
}

RunLogger::~RunLogger() {
    if (ended_) return;
    try {
        end(RunStatus::failed);
    } catch (...) {
        // A destructor must not throw; the run stays RUNNING in the store.
    }
}

void RunLogger::log_param(const std::string& key, const std::string& value) {
    Param p{key, value};
    log_params(std::span(&p, 1));
}

void RunLogger::log_params(std::span<const Param> params) {
    tracker_->store_.log_params(info_.id, params);
}

void RunLogger::log_metric(const std::string& key, double value, std::int64_t step,
                           std::optional<Timestamp> timestamp, std::optional<std::string> unit_id) {
    if (key.empty()) throw InvalidInputError(fmt::format("run {}: metric key is empty", info_.id));
    buffer_.push_back(
        {key, value, step, timestamp.value_or(tracker_->store_.now()), std::move(unit_id)});
    if (buffer_.size() >= tracker_->options_.metric_buffer) flush();
}

void RunLogger::log_metrics(std::span<const Metric> metrics) {
    write_buffer();
    tracker_->store_.log_metrics(info_.id, metrics);
    if (mirror_ok_) mirror_push();
}

Artifact RunLogger::log_artifact(const std::filesystem::path& file,
                                 const std::string& artifact_path) {
    namespace fs = std::filesystem;
    const std::string rel =
        checked_artifact_path(artifact_path.empty() ? file.filename().string() : artifact_path);
    if (!fs::is_regular_file(file))
        throw IoError(fmt::format("artifact {}: not a readable file", file.string()));
    const fs::path dest = tracker_->artifact_dir(info_.id) / fs::path(rel);
    std::error_code ec;
    fs::create_directories(dest.parent_path(), ec);
    if (ec)
        throw IoError(
            fmt::format("cannot create {}: {}", dest.parent_path().string(), ec.message()));
    if (!fs::exists(dest) || !fs::equivalent(file, dest)) {
        fs::copy_file(file, dest, fs::copy_options::overwrite_existing, ec);
        if (ec)
            throw IoError(fmt::format("cannot copy {} to {}: {}", file.string(), dest.string(),
                                      ec.message()));
    }
    FileDigest digest = sha256_file(dest);
    Artifact a{rel, static_cast<std::int64_t>(digest.size), digest.sha256};
    tracker_->store_.record_artifact(info_.id, a);
    return a;
}

void RunLogger::set_label_revision(std::int64_t revision) {
    tracker_->store_.set_label_revision(info_.id, revision);
    info_.label_revision = revision;
}

void RunLogger::set_dataset_fingerprint(const std::string& fingerprint) {
    tracker_->store_.set_dataset_fingerprint(info_.id, fingerprint);
    info_.dataset_fingerprint = fingerprint;
}

void RunLogger::write_buffer() {
    if (buffer_.empty()) return;
    tracker_->store_.log_metrics(info_.id, buffer_);
    buffer_.clear();
}

void RunLogger::flush() {
    write_buffer();
    if (mirror_ok_) mirror_push();
}

void RunLogger::mirror_push() {
    MlflowMirror* mirror = tracker_->mirror();
    if (mirror == nullptr || !mirror_ok_) return;
    try {
        mirror->sync_run(info_.id);
    } catch (const Error& e) {
        // The local store has everything; the mirror is caught up later by `runs sync`.
        mirror_ok_ = false;
        tracker_->warn(fmt::format(
            "MLflow mirror of run {} stopped: {}. The run continues locally and stays unsynced; "
            "`heatloop runs sync --workspace {} --mlflow {}` mirrors it later",
            info_.id, e.what(), tracker_->workspace().string(), mirror->url()));
    }
}

void RunLogger::end(RunStatus status) {
    if (ended_) throw InvalidInputError(fmt::format("run {} has already ended", info_.id));
    write_buffer();
    const Timestamp end_time = tracker_->store_.now();
    tracker_->store_.end_run(info_.id, status, end_time);
    ended_ = true;
    info_.status = status;
    info_.end_time = end_time;
    if (mirror_ok_) mirror_push();
    if (mirror_ok_) info_.mlflow_synced = true;
}

}  // namespace heatloop::tracking
