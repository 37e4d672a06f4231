// A classifier run: heat-pump detection over the workspace's households, cross-validated by
// household. Households are not units: their series are smart meters (load on the meter's own
// grid) with the weather of their location joined on, and their targets come from the
// households files (has_heat_pump), not from labels.
#include "runner/classifier_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <numeric>
#include <set>
#include <thread>

#include "heatloop/core/error.hpp"
#include "heatloop/core/progress.hpp"
#include "heatloop/core/random.hpp"
#include "heatloop/core/sha256.hpp"
#include "heatloop/eval/classification.hpp"
#include "heatloop/io/csv_writer.hpp"
#include "heatloop/models/registry.hpp"
#include "heatloop/runner/model_source.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "runner/run_labels.hpp"
#include "runner/run_metrics.hpp"
#include "runner/run_state.hpp"
#include "runner/scratch_dir.hpp"

namespace heatloop::runner {

namespace fs = std::filesystem;

namespace {

constexpr double k_threshold = 0.5;  // fixed in advance: no data chooses it

struct Household {
    std::string id;
    std::string location;
    bool target = false;
    std::size_t fold = 0;
};

// The run's households: the configured ids, or every household with a known target and a
// meter series.
std::vector<Household> resolve_households(const RunConfig& config, const io::Workspace& ws) {
    const auto usable = [&](const HouseholdInfo& h) {
        return h.has_heat_pump.has_value() && ws.manifest().meters.contains(h.household_id) &&
               ws.manifest().meters.at(h.household_id).rows > 0;
    };
    std::vector<Household> out;
    if (config.data.units.empty()) {
        for (const HouseholdInfo& h : ws.households())
            if (usable(h)) out.push_back({h.household_id, h.location, *h.has_heat_pump, 0});
        if (out.empty())
            throw InvalidInputError(fmt::format(
                "workspace {} has no household with a known has_heat_pump and smart-meter data; "
                "ingest a households file and the smart-meter series first",
                ws.root().string()));
        return out;
    }
    for (const std::string& id : config.data.units) {
        const HouseholdInfo* h = ws.find_household(id);
        if (h == nullptr)
            throw NotFoundError(fmt::format("data.units: no household '{}' in workspace {}", id,
                                            ws.root().string()));
        if (!h->has_heat_pump)
            throw InvalidInputError(
                fmt::format("data.units: household '{}' has no known has_heat_pump", id));
        if (!usable(*h))
            throw InvalidInputError(
                fmt::format("data.units: household '{}' has no smart-meter data", id));
        out.push_back({id, h->location, *h->has_heat_pump, 0});
    }
    return out;
}

// Folds by household, stratified: each class is shuffled (seeded) and dealt in turn, so every
// fold holds both classes where there are enough households and fold sizes differ by one.
void deal_folds(std::vector<Household>& hh, std::size_t folds, std::uint64_t seed) {
    std::vector<std::size_t> order(hh.size());
    std::iota(order.begin(), order.end(), 0);
    Rng rng(seed);
    for (std::size_t i = order.size(); i > 1; --i)
        std::swap(
            order[i - 1],
            order[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(i) - 1))]);
    std::stable_partition(order.begin(), order.end(), [&](std::size_t i) { return hh[i].target; });
    for (std::size_t k = 0; k < order.size(); ++k) hh[order[k]].fold = k % folds;
}

// The meter series (channel load) with the weather of the household's location joined on
// (Workspace::load_meter_with_weather).
UnitFrame household_frame(const io::Workspace& ws, const Household& h) {
    UnitFrame f = ws.load_meter_with_weather(h.id);
    f.set_unit_id(h.id);
    return f;
}

// Which cached data the run read: each meter's and its weather location's file, start, step and
// rows, and each household's target.
std::string fingerprint(const io::Workspace& ws, const std::vector<Household>& hh) {
    std::string text;
    for (const Household& h : hh) {
        const io::SeriesSummary& m = ws.manifest().meters.at(h.id);
        text += fmt::format("meter\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", h.id, m.file, m.start, m.step,
                            m.rows, h.target ? 1 : 0, h.location);
    }
    std::set<std::string> locations;
    for (const Household& h : hh) locations.insert(h.location);
    for (const std::string& loc : locations) {
        const auto it = ws.manifest().weather.find(loc);
        if (it != ws.manifest().weather.end())
            text += fmt::format("weather\t{}\t{}\t{}\t{}\n", loc, it->second.file, it->second.start,
                                it->second.rows);
    }
    return "sha256:" + sha256_hex(text);
}

nlohmann::json metrics_json(std::span<const double> p, std::span<const std::uint8_t> y) {
    return eval::to_json(eval::classification_metrics(p, y, k_threshold));
}

}  // namespace

RunResult execute_classifier_run(const RunConfig& config, const RunEnvironment& env) {
    const ModelSource& source = env.models ? *env.models : registry_models();
    auto status = [&](const std::string& s) {
        if (env.status) env.status(s);
    };
    if (config.data.split != SplitKind::unit_folds)
        throw InvalidInputError(fmt::format(
            "model {} is a classifier: a classifier run cross-validates by household, so "
            "data.split must be \"unit_folds\" (got \"{}\")",
            config.model, split_name(config.data.split)));
    if (config.scope != ModelScope::fleet)
        throw InvalidInputError(
            "a classifier run trains one model per fold: model.scope must be "
            "\"fleet\"");
    const io::Workspace& ws = env.workspace;
    std::vector<Household> hh = resolve_households(config, ws);
    const auto folds = static_cast<std::size_t>(config.data.folds);
    std::size_t positives = 0;
    for (const Household& h : hh) positives += h.target;
    const std::size_t negatives = hh.size() - positives;
    if (std::min(positives, negatives) < 2 || hh.size() < folds)
        throw InvalidInputError(fmt::format(
            "a classifier run with data.folds = {} needs at least {} households and 2 of each "
            "class; the workspace has {} with a heat pump and {} without",
            folds, folds, positives, negatives));
    deal_folds(hh, folds, config.seed);
    const int threads = static_cast<int>(
        env.threads ? env.threads : std::max(1u, std::thread::hardware_concurrency()));

    status(fmt::format("loading {} households", hh.size()));
    std::vector<UnitFrame> frames;
    std::vector<std::string> ids;
    {
        Progress progress("loading", hh.size(), env.progress);
        for (const Household& h : hh) {
            frames.push_back(household_frame(ws, h));
            ids.push_back(h.id);
            progress.add();
        }
    }
    // Durations and channels are checked before the run is logged: a model that cannot read
    // a household says so now.
    {
        auto probe = source.make(config.model, config.params);
        for (const UnitFrame& f : frames) probe->check_durations(f, f.rows());
    }

    RunResult result;
    result.kind = config.kind;
    result.models = folds;
    result.train_units = ids;
    result.eval_units = ids;
    const RunLabels labels = load_run_labels(env.db, std::nullopt);
    result.label_revision = labels.revision;
    result.dataset_fingerprint = fingerprint(ws, hh);
    tracking::RunSpec spec;
    spec.experiment = config.experiment;
    spec.name = config.name;
    spec.config_text = config.text;
    spec.dataset_fingerprint = result.dataset_fingerprint;
    spec.label_revision = labels.revision;
    tracking::RunLogger run = env.tracker.start_run(spec);
    result.run_id = run.id();
    try {
        const ScratchDir scratch(ws.artifacts_dir(), run.id());
        const fs::path& dir = scratch.path();
        fs::create_directories(dir / "models");
        const models::ModelContext ctx{config.seed, threads};

        // Per household: the monthly probabilities and their mean.
        std::vector<std::vector<models::PeriodProbability>> months(hh.size());
        std::vector<double> household_p(hh.size(), k_missing);
        nlohmann::json model_files = nlohmann::json::array();
        nlohmann::json params;
        Progress progress("folds", folds, env.progress);
        for (std::size_t f = 0; f < folds; ++f) {
            status(fmt::format("fold {} of {}: fitting {}", f + 1, folds, config.model));
            std::vector<UnitFrame> train;
            std::vector<double> targets;
            nlohmann::json train_ids = nlohmann::json::array();
            for (std::size_t i = 0; i < hh.size(); ++i)
                if (hh[i].fold != f) {
                    train.push_back(frames[i]);
                    targets.push_back(hh[i].target ? 1.0 : 0.0);
                    train_ids.push_back(hh[i].id);
                }
            auto made = source.make(config.model, config.params);
            if (made->kind() != models::ModelKind::classifier)
                throw InvalidInputError(fmt::format("model {} is not a classifier", config.model));
            auto& model = static_cast<models::Classifier&>(*made);
            const auto start = std::chrono::steady_clock::now();
            model.fit(train, targets, ctx);
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            // What is evaluated is what is stored: the model reloaded from its document.
            const std::string stem = fmt::format("models/fold-{}", f + 1);
            const nlohmann::json doc = model.save();
            const std::string side = model.save_side_file();
            write_json(dir / (stem + ".json"), doc);
            nlohmann::json entry = {{"key", fmt::format("fold-{}", f + 1)},
                                    {"file", stem + ".json"},
                                    {"train_units", std::move(train_ids)},
                                    {"fit_seconds", seconds}};
            if (!side.empty()) {
                std::ofstream out(dir / (stem + ".bin"), std::ios::binary);
                out << side;
                if (!out) throw IoError(fmt::format("cannot write {}", (dir / stem).string()));
                entry["side_file"] = stem + ".bin";
            }
            model_files.push_back(std::move(entry));
            auto loaded = source.load(doc, side);
            loaded->set_context(ctx);
            params = loaded->params();
            const auto& classifier = static_cast<const models::Classifier&>(*loaded);
            for (std::size_t i = 0; i < hh.size(); ++i) {
                if (hh[i].fold != f) continue;
                months[i] = classifier.predict(frames[i]);
                double sum = 0, n = 0;
                for (const auto& p : months[i])
                    if (!std::isnan(p.probability)) sum += p.probability, n += 1;
                if (n > 0) household_p[i] = sum / n;
            }
            progress.add();
        }
        frames.clear();
        log_run_params(run, config, params, ids, result, 0);

        // Metrics per fold and pooled, per household and per household-month.
        const Timestamp now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
        std::vector<tracking::Metric> logged;
        const auto log_all = [&](const std::string& prefix, const nlohmann::json& m) {
            for (const auto& field : eval::classification_metric_fields()) {
                const auto& v = m.at(std::string(field.name));
                logged.push_back({prefix + std::string(field.name),
                                  v.is_number() ? v.get<double>() : k_missing,
                                  labels.revision,
                                  now,
                                  {}});
            }
        };
        std::vector<double> all_p, all_mp;
        std::vector<std::uint8_t> all_y, all_my;
        nlohmann::json fold_docs = nlohmann::json::array();
        for (std::size_t f = 0; f < folds; ++f) {
            std::vector<double> p, mp;
            std::vector<std::uint8_t> y, my;
            for (std::size_t i = 0; i < hh.size(); ++i) {
                if (hh[i].fold != f) continue;
                p.push_back(household_p[i]);
                y.push_back(hh[i].target);
                for (const auto& m : months[i])
                    mp.push_back(m.probability), my.push_back(hh[i].target);
            }
            all_p.insert(all_p.end(), p.begin(), p.end());
            all_y.insert(all_y.end(), y.begin(), y.end());
            all_mp.insert(all_mp.end(), mp.begin(), mp.end());
            all_my.insert(all_my.end(), my.begin(), my.end());
            nlohmann::json doc = {{"fold", f + 1},
                                  {"households", p.size()},
                                  {"household", metrics_json(p, y)},
                                  {"month", metrics_json(mp, my)}};
            log_all(fmt::format("fold-{}/", f + 1), doc["household"]);
            fold_docs.push_back(std::move(doc));
        }
        const nlohmann::json pooled = metrics_json(all_p, all_y);
        const nlohmann::json pooled_month = metrics_json(all_mp, all_my);
        log_all("micro/", pooled);
        log_all("month/", pooled_month);
        run.log_metrics(logged);

        // outputs/: the probability per household and month, and per household.
        io::CsvBuffer per_month, per_household;
        per_month.row({"household_id", "fold", "has_heat_pump", "start", "end", "probability"});
        per_household.row({"household_id", "fold", "has_heat_pump", "probability", "months"});
        nlohmann::json household_docs = nlohmann::json::array();
        for (std::size_t i = 0; i < hh.size(); ++i) {
            std::size_t used = 0;
            for (const auto& m : months[i]) {
                per_month.field(hh[i].id).field(hh[i].fold + 1).field(hh[i].target ? 1 : 0);
                per_month.timestamp(m.start).timestamp(m.end).fixed(m.probability, 6);
                per_month.end_row();
                used += !std::isnan(m.probability);
            }
            per_household.field(hh[i].id).field(hh[i].fold + 1).field(hh[i].target ? 1 : 0);
            per_household.fixed(household_p[i], 6).field(used);
            per_household.end_row();
            household_docs.push_back(
                {{"household_id", hh[i].id},
                 {"fold", hh[i].fold + 1},
                 {"has_heat_pump", hh[i].target},
                 {"probability", std::isnan(household_p[i]) ? nlohmann::json(nullptr)
                                                            : nlohmann::json(household_p[i])},
                 {"months", used}});
        }
        for (const auto& [name, buf] : {std::pair{"probabilities.csv", &per_month},
                                        std::pair{"households.csv", &per_household}}) {
            std::ofstream out(dir / "outputs" / name, std::ios::binary);
            out << buf->text();
            if (!out)
                throw IoError(fmt::format("cannot write {}", (dir / "outputs" / name).string()));
        }

        result.evaluation_json = {
            {"kind", "classifier"},
            {"target", "has_heat_pump"},
            {"threshold", k_threshold},
            {"threshold_source", "fixed at 0.5 before the run; no data chose it"},
            {"split", "unit_folds"},
            {"folds", folds},
            {"household_probability", "mean of the household's monthly probabilities"},
            {"micro", pooled},
            {"month", pooled_month},
            {"by_fold", fold_docs},
            {"households", household_docs}};
        const nlohmann::json summary = {
            {"format_version", k_run_outputs_format},
            {"run_id", run.id()},
            {"kind", "classifier"},
            {"model", config.model},
            {"scope", "fleet"},
            {"params", params},
            {"label_revision", labels.revision},
            {"dataset_fingerprint", result.dataset_fingerprint},
            {"split", "unit_folds"},
            {"train_units", ids},
            {"models", model_files},
            {"outputs", {"outputs/probabilities.csv", "outputs/households.csv"}}};
        write_json(dir / "summary.json", summary);
        write_json(dir / "evaluation.json", result.evaluation_json);
        { std::ofstream(dir / "config.toml") << config.text; }
        for (const auto& e : fs::recursive_directory_iterator(dir))
            if (e.is_regular_file())
                run.log_artifact(e.path(), fs::relative(e.path(), dir).generic_string());
        run.log_metric("models", static_cast<double>(folds), labels.revision);
        run.end(tracking::RunStatus::finished);
    } catch (...) {
        run.end(tracking::RunStatus::failed);
        throw;
    }
    return result;
}

}  // namespace heatloop::runner
