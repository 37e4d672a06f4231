#include "heatloop/tracking/run_store.hpp"

#include <fmt/format.h>

#include <chrono>
#include <random>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/tracking/git.hpp"
#include "tracking/repositories/run_rows.hpp"

namespace heatloop::tracking {

namespace {

// 128 random bits as 32 hex digits, the shape of MLflow's run ids.
std::string new_run_id() {
    static thread_local std::mt19937_64 rng{[] {
        std::random_device rd;
        std::seed_seq seq{
            rd(), rd(), rd(), rd(),
            static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count())};
        return std::mt19937_64(seq);
    }()};
    return fmt::format("{:016x}{:016x}", rng(), rng());
}

bool is_hex(const std::string& s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return !s.empty();
}

}  // namespace

Timestamp now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

RunStore::RunStore(store::Db& db, std::function<Timestamp()> clock)
    : db_(db), clock_(clock ? std::move(clock) : std::function<Timestamp()>(now_ms)) {}

Experiment RunStore::get_or_create_experiment(const std::string& name) {
    if (name.empty()) throw InvalidInputError("experiment name must not be empty");
    return db_.transaction([&] { return repo::get_or_create_experiment(db_, name, now()); });
}

RunInfo RunStore::create_run(const RunSpec& spec) {
    RunInfo run;
    run.name = spec.name;
    run.status = RunStatus::running;
    run.config_text = spec.config_text;
    run.dataset_fingerprint = spec.dataset_fingerprint;
    run.label_revision = spec.label_revision;
    run.git_commit = spec.git_commit;
    // Outside the transaction: running git must not happen inside a retried transaction.
    if (!run.git_commit && spec.detect_git_commit) run.git_commit = git_head_commit();
    run.start_time = now();
    return db_.transaction([&] {
        Experiment e = repo::get_or_create_experiment(
            db_, spec.experiment.empty() ? "default" : spec.experiment, run.start_time);
        run.experiment_id = e.id;
        run.experiment = e.name;
        run.id = new_run_id();
        if (run.name.empty()) run.name = run.id.substr(0, 8);
        repo::insert_run(db_, run);
        return run;
    });
}

RunInfo RunStore::get_run(const std::string& id_or_prefix) {
    return db_.transaction(
        [&] {
            if (auto run = repo::find_run(db_, id_or_prefix)) return *run;
            if (id_or_prefix.size() >= 4 && is_hex(id_or_prefix)) {
                auto ids = repo::run_ids_with_prefix(db_, id_or_prefix, 6);
                if (ids.size() == 1) return *repo::find_run(db_, ids.front());
                if (ids.size() > 1)
                    throw InvalidInputError(fmt::format(
                        "run id prefix '{}' is ambiguous: {}{}", id_or_prefix,
                        fmt::join(ids.begin(), ids.begin() + std::min<std::size_t>(ids.size(), 5),
                                  ", "),
                        ids.size() > 5 ? ", ..." : ""));
            }
            throw NotFoundError(fmt::format("run '{}' not found", id_or_prefix));
        },
        store::TxKind::read);
}

std::vector<RunInfo> RunStore::list_runs(const RunFilter& filter) {
    return db_.transaction(
        [&] { return repo::list_runs(db_, filter.experiment, filter.status, filter.limit); },
        store::TxKind::read);
}

void RunStore::require_run(const std::string& run_id) {
    if (!repo::find_run(db_, run_id))
        throw NotFoundError(fmt::format("run '{}' not found", run_id));
}

void RunStore::end_run(const std::string& run_id, RunStatus status,
                       std::optional<Timestamp> end_time) {
    if (status == RunStatus::running)
        throw InvalidInputError(
            fmt::format("run {}: a run ends as FINISHED, FAILED or KILLED, not RUNNING", run_id));
    Timestamp end = end_time.value_or(now());
    db_.transaction([&] {
        if (!repo::update_run_status(db_, run_id, status, end))
            throw NotFoundError(fmt::format("run '{}' not found", run_id));
    });
}

void RunStore::set_label_revision(const std::string& run_id, std::int64_t revision) {
    db_.transaction([&] {
        require_run(run_id);
        repo::update_run_label_revision(db_, run_id, revision);
    });
}

void RunStore::set_dataset_fingerprint(const std::string& run_id, const std::string& fingerprint) {
    db_.transaction([&] {
        require_run(run_id);
        repo::update_run_dataset_fingerprint(db_, run_id, fingerprint);
    });
}

void RunStore::log_params(const std::string& run_id, std::span<const Param> params) {
    for (const Param& p : params)
        if (p.key.empty())
            throw InvalidInputError(fmt::format("run {}: param key is empty", run_id));
    db_.transaction([&] {
        require_run(run_id);
        for (const Param& old : repo::insert_params(db_, run_id, params)) {
            for (const Param& p : params)
                if (p.key == old.key && p.value != old.value)
                    throw ConflictError(
                        fmt::format("run {}: param '{}' is already '{}', cannot change it to '{}'",
                                    run_id, p.key, old.value, p.value));
        }
    });
}

void RunStore::log_metrics(const std::string& run_id, std::span<const Metric> metrics) {
    for (const Metric& m : metrics)
        if (m.key.empty())
            throw InvalidInputError(fmt::format("run {}: metric key is empty", run_id));
    if (metrics.empty()) return;
    db_.transaction([&] {
        require_run(run_id);
        repo::insert_metrics(db_, run_id, metrics);
    });
}

void RunStore::record_artifact(const std::string& run_id, const Artifact& artifact) {
    db_.transaction([&] {
        require_run(run_id);
        repo::upsert_artifact(db_, run_id, artifact);
    });
}

std::vector<Param> RunStore::params(const std::string& run_id) {
    return db_.transaction([&] { return repo::list_params(db_, run_id); }, store::TxKind::read);
}

std::vector<StoredMetric> RunStore::metrics(const std::string& run_id, std::int64_t after_id,
                                            std::int64_t limit) {
    return db_.transaction([&] { return repo::list_metrics(db_, run_id, after_id, limit); },
                           store::TxKind::read);
}

std::vector<StoredMetric> RunStore::metric_history(const std::string& run_id,
                                                   const std::string& key) {
    return db_.transaction([&] { return repo::metric_history(db_, run_id, key); },
                           store::TxKind::read);
}

std::vector<MetricSummary> RunStore::metric_summaries(const std::string& run_id) {
    return db_.transaction([&] { return repo::summarize_metrics(db_, run_id); },
                           store::TxKind::read);
}

std::int64_t RunStore::metric_count(const std::string& run_id) {
    return db_.transaction([&] { return repo::count_metrics(db_, run_id); }, store::TxKind::read);
}

std::vector<Artifact> RunStore::artifacts(const std::string& run_id) {
    return db_.transaction([&] { return repo::list_artifacts(db_, run_id); }, store::TxKind::read);
}

RunNote RunStore::note(const std::string& run_id) {
    return db_.transaction(
        [&] {
            require_run(run_id);
            return repo::latest_note(db_, run_id).value_or(RunNote{run_id, 0, "", "", 0});
        },
        store::TxKind::read);
}

std::vector<RunNote> RunStore::note_history(const std::string& run_id) {
    return db_.transaction(
        [&] {
            require_run(run_id);
            return repo::note_versions(db_, run_id);
        },
        store::TxKind::read);
}

namespace {

// Text that goes into the append-only note history: checked before anything is written.
void check_note_text(const std::string& run_id, std::string_view what, std::string_view text,
                     std::size_t max_bytes) {
    if (text.size() > max_bytes)
        throw InvalidInputError(fmt::format("run {}: {} is {} bytes long, at most {} allowed",
                                            run_id, what, text.size(), max_bytes));
    if (auto at = invalid_utf8_at(text))
        throw InvalidInputError(
            fmt::format("run {}: {} is not valid UTF-8 (byte {}: {})", run_id, what, *at,
                        visible(text.substr(*at, std::min<std::size_t>(4, text.size() - *at)))));
    // PostgreSQL's text cannot hold NUL; SQLite could, so refuse it on both alike.
    if (auto nul = text.find('\0'); nul != std::string_view::npos)
        throw InvalidInputError(
            fmt::format("run {}: {} holds a NUL byte at byte {}", run_id, what, nul));
}

}  // namespace

RunNote RunStore::set_note(const std::string& run_id, std::int64_t version, const std::string& text,
                           const std::string& author) {
    check_note_text(run_id, "note", text, k_max_note_bytes);
    if (author.empty())
        throw InvalidInputError(fmt::format("run {}: note author is empty", run_id));
    check_note_text(run_id, "note author", author, 200);
    if (version < 0)
        throw InvalidInputError(fmt::format(
            "run {}: note version {} is negative (0 for a first note)", run_id, version));
    const Timestamp when = now();
    return db_.transaction([&] {
        require_run(run_id);
        const RunNote current =
            repo::latest_note(db_, run_id).value_or(RunNote{run_id, 0, "", "", 0});
        if (current.version != version)
            throw ConflictError(fmt::format(
                "run {}: the note changed meanwhile: you edited version {}, it is at version {}{}",
                run_id, version, current.version,
                current.author.empty() ? "" : fmt::format(" (saved by {})", current.author)));
        if (current.text == text) return current;  // nothing to save (also: "" and no note)
        RunNote next{run_id, version + 1, text, author, when};
        try {
            repo::insert_note(db_, next);
        } catch (const ConflictError&) {
            // A writer who read the same version committed first and owns version + 1.
            throw ConflictError(fmt::format(
                "run {}: the note changed meanwhile: you edited version {}, another writer "
                "saved version {} first",
                run_id, version, next.version));
        }
        return next;
    });
}

}  // namespace heatloop::tracking
