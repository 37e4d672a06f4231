#include "heatloop/tracking/mlflow_mirror.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "tracking/repositories/mirror_state.hpp"
#include "tracking/repositories/run_rows.hpp"

namespace heatloop::tracking {

namespace {

constexpr std::int64_t k_metric_page = 10'000;  // points read from the store at a time
constexpr std::string_view k_run_id_tag = "heatloop.run_id";

MlflowMetric to_mlflow(const Metric& m) {
    // MLflow rejects negative timestamps; a point before 1970 is kept at the epoch.
    return {mlflow_metric_key(m), m.value, std::max<Timestamp>(m.timestamp, 0), m.step};
}

}  // namespace

std::string mlflow_metric_key(const Metric& m) {
    return sanitize_key(m.unit_id ? m.key + "/" + *m.unit_id : m.key);
}

std::vector<KeyValue> mlflow_tags(const RunInfo& run) {
    const BatchLimits limits;
    std::vector<KeyValue> tags{{std::string(k_run_id_tag), run.id},
                               {"mlflow.source.name", "heatloop"}};
    if (run.git_commit) tags.push_back({"mlflow.source.git.commit", *run.git_commit});
    if (run.label_revision)
        tags.push_back({"heatloop.label_revision", std::to_string(*run.label_revision)});
    if (!run.dataset_fingerprint.empty())
        tags.push_back({"heatloop.dataset_fingerprint",
                        run.dataset_fingerprint.substr(0, limits.max_tag_value_length)});
    return tags;
}

std::string mlflow_note_value(std::string_view text) {
    const std::size_t max = BatchLimits{}.max_tag_value_length;
    if (text.size() <= max) return std::string(text);
    std::size_t end = max;
    // Back off continuation bytes (10xxxxxx) so the cut falls between characters.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end));
}

MlflowMirror::MlflowMirror(RunStore& store, std::filesystem::path workspace, const std::string& url,
                           HttpRetryPolicy policy)
    : store_(store), workspace_(std::move(workspace)), client_(url, policy) {}

std::optional<MirrorState> MlflowMirror::state(const std::string& run_id) {
    return store_.db().transaction(
        [&] { return repo::find_mirror_state(store_.db(), run_id, url()); }, store::TxKind::read);
}

std::vector<std::string> MlflowMirror::pending_runs() {
    return store_.db().transaction([&] { return repo::runs_pending_mirror(store_.db(), url()); },
                                   store::TxKind::read);
}

SyncReport MlflowMirror::sync_run(const std::string& run_id) {
    const RunInfo run = store_.get_run(run_id);
    MirrorState st = state(run.id).value_or(MirrorState{});
    st.run_id = run.id;
    st.tracking_url = url();
    SyncReport report;
    report.run_id = run.id;
    auto save = [&] {
        store_.db().transaction([&] { repo::save_mirror_state(store_.db(), st, store_.now()); });
    };
    try {
        MlflowRun remote = ensure_run(run, st, report);
        if (st.complete) {
            // Mirrored completely before: only a note edited since can be missing.
            push_note(run, st, report);
            report.mlflow_run_id = st.mlflow_run_id;
            report.complete = true;
            return report;
        }
        push_data(run, st, report);
        push_note(run, st, report);
        if (run.status != RunStatus::running) {
            push_artifacts(run, st, report);
            client_.update_run(remote.run_id, std::string(run_status_name(run.status)),
                               run.end_time.value_or(store_.now()));
            st.complete = true;
            st.last_error.reset();
            store_.db().transaction([&] {
                repo::save_mirror_state(store_.db(), st, store_.now());
                repo::update_run_mlflow(store_.db(), run.id, st.mlflow_run_id, true);
            });
            report.complete = true;
        } else if (st.last_error) {
            st.last_error.reset();
            save();
        }
    } catch (const Error& e) {
        // Keep the reason next to the run for `runs show`; the caller decides what to say.
        try {
            store_.db().transaction([&] {
                repo::save_mirror_error(store_.db(), run.id, url(), e.what(), store_.now());
            });
        } catch (const Error&) {
        }
        throw;
    }
    report.mlflow_run_id = st.mlflow_run_id;
    return report;
}

MlflowRun MlflowMirror::ensure_run(const RunInfo& run, MirrorState& st, SyncReport& report) {
    if (!st.mlflow_run_id.empty()) {
        // Checked once per session: live mirroring syncs the same run at every flush.
        if (verified_.contains(st.mlflow_run_id))
            return {st.mlflow_run_id, st.experiment_id, "", st.artifact_uri};
        if (auto remote = client_.get_run(st.mlflow_run_id)) {
            verified_.insert(remote->run_id);
            return *remote;
        }
        // The server lost the run (deleted, or a new server at the same URL): start over.
        st = MirrorState{};
        st.run_id = run.id;
        st.tracking_url = url();
    }
    st.experiment_id =
        client_.get_or_create_experiment(run.experiment.empty() ? "default" : run.experiment);
    // An earlier attempt may have created the run and lost the reply: find it by its tag
    // instead of creating a second one. Its cursor is 0, and the server drops exact repeats.
    auto remote = client_.find_run_by_tag(st.experiment_id, std::string(k_run_id_tag), run.id);
    if (!remote) {
        remote = client_.create_run(st.experiment_id, run.name, run.start_time, mlflow_tags(run));
        report.created = true;
    }
    st.mlflow_run_id = remote->run_id;
    verified_.insert(remote->run_id);
    st.artifact_uri = remote->artifact_uri;
    st.metric_cursor = 0;
    st.params_sent = 0;
    store_.db().transaction([&] {
        repo::save_mirror_state(store_.db(), st, store_.now());
        repo::update_run_mlflow(store_.db(), run.id, st.mlflow_run_id, false);
        repo::save_mirrored_note_version(store_.db(), run.id, url(), 0);  // a new MLflow run
    });
    return *remote;
}

void MlflowMirror::push_data(const RunInfo& run, MirrorState& st, SyncReport& report) {
    // Params (all of them while any is unacknowledged: MLflow accepts a repeat with the same
    // value) and tags lead the first request; tags again at the end, when late fields such
    // as the label revision are known.
    const std::int64_t param_count = store_.db().transaction(
        [&] { return repo::count_params(store_.db(), run.id); }, store::TxKind::read);
    LogBatch head;
    if (st.params_sent < param_count)
        for (Param& p : store_.params(run.id))
            head.params.push_back({sanitize_key(p.key), p.value});
    const BatchLimits limits;
    for (auto& p : head.params)
        p.value.resize(std::min(p.value.size(), limits.max_param_value_length));
    if (!head.params.empty() || run.status != RunStatus::running) head.tags = mlflow_tags(run);

    bool first_page = true;
    for (;;) {
        std::vector<StoredMetric> page = store_.metrics(run.id, st.metric_cursor, k_metric_page);
        LogBatch all = first_page ? std::move(head) : LogBatch{};
        first_page = false;
        all.metrics.reserve(page.size());
        for (const auto& sm : page) all.metrics.push_back(to_mlflow(sm.metric));
        if (all.empty()) break;
        std::size_t metrics_done = 0, params_done = 0;
        const std::size_t params_total = all.params.size();
        for (const LogBatch& batch : split_log_batch(all, limits)) {
            client_.log_batch(st.mlflow_run_id, batch);
            ++report.batches;
            metrics_done += batch.metrics.size();
            params_done += batch.params.size();
            report.metrics_sent += static_cast<std::int64_t>(batch.metrics.size());
            report.params_sent += static_cast<std::int64_t>(batch.params.size());
            // Advance the cursor only past what the server acknowledged.
            if (metrics_done > 0) st.metric_cursor = page[metrics_done - 1].id;
            if (params_total > 0 && params_done == params_total) st.params_sent = param_count;
            store_.db().transaction(
                [&] { repo::save_mirror_state(store_.db(), st, store_.now()); });
        }
        if (static_cast<std::int64_t>(page.size()) < k_metric_page) break;
    }
}

void MlflowMirror::push_artifacts(const RunInfo& run, const MirrorState& st, SyncReport& report) {
    MlflowRun remote{st.mlflow_run_id, st.experiment_id, "", st.artifact_uri};
    for (const Artifact& a : store_.artifacts(run.id)) {
        auto file = workspace_ / "artifacts" / run.id / std::filesystem::path(a.path);
        if (!std::filesystem::is_regular_file(file)) {
            report.missing_artifacts.push_back(a.path);
            continue;
        }
        client_.upload_artifact(remote, a.path, file);
        ++report.artifacts_sent;
    }
}

void MlflowMirror::push_note(const RunInfo& run, const MirrorState& st, SyncReport& report) {
    const RunNote note = store_.note(run.id);
    const std::int64_t sent = store_.db().transaction(
        [&] { return repo::mirrored_note_version(store_.db(), run.id, url()); },
        store::TxKind::read);
    if (note.version == sent) return;
    LogBatch batch;
    batch.tags.push_back({std::string(k_mlflow_note_tag), mlflow_note_value(note.text)});
    client_.log_batch(st.mlflow_run_id, batch);
    ++report.batches;
    report.note_sent = true;
    store_.db().transaction(
        [&] { repo::save_mirrored_note_version(store_.db(), run.id, url(), note.version); });
}

SyncAllReport MlflowMirror::sync_pending() {
    SyncAllReport out;
    for (const std::string& id : pending_runs()) {
        try {
            out.synced.push_back(sync_run(id));
        } catch (const MlflowError& e) {
            out.failed.emplace_back(id, e.what());
            if (e.unreachable()) break;
        } catch (const Error& e) {
            out.failed.emplace_back(id, e.what());
        }
    }
    return out;
}

}  // namespace heatloop::tracking
