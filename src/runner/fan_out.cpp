// A run's per-unit work fanned out (fan_out.hpp): the driver's side encodes the (model, unit)
// predictions the finishing step needs as work items and decodes their results into
// RunState::predictions; the worker's side (run_unit_work) carries items out with the same
// steps a local run takes (load_run_frame, training_frame, fit_saved_model, predict_unit).
#include "heatloop/runner/fan_out.hpp"

#include <fmt/format.h>

#include <bit>
#include <cstring>
#include <map>
#include <optional>

#include "heatloop/core/error.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/models/forecaster.hpp"
#include "runner/derive_channels.hpp"
#include "runner/run_state.hpp"

namespace heatloop::runner {

namespace {

using nlohmann::json;

// Scores travel as the doubles' bytes, so they come back bit for bit (NaN included).
static_assert(std::endian::native == std::endian::little, "work items hold little-endian doubles");
constexpr int k_format = 1;

json to_bin(const std::vector<double>& v) {
    std::vector<std::uint8_t> bytes(v.size() * sizeof(double));
    if (!v.empty()) std::memcpy(bytes.data(), v.data(), bytes.size());
    return json::binary(std::move(bytes));
}

std::vector<double> from_bin(const json& j) {
    const auto& bytes = j.get_binary();
    if (bytes.size() % sizeof(double) != 0)
        throw InvalidInputError("work result: a series of " + std::to_string(bytes.size()) +
                                " bytes is not a whole number of doubles");
    std::vector<double> v(bytes.size() / sizeof(double));
    if (!v.empty()) std::memcpy(v.data(), bytes.data(), bytes.size());
    return v;
}

json side_bin(const std::string& side) {
    return json::binary(std::vector<std::uint8_t>(side.begin(), side.end()));
}

std::string side_text(const json& j) {
    const auto& b = j.get_binary();
    return {b.begin(), b.end()};
}

std::string encode(const json& j) {
    const std::vector<std::uint8_t> bytes = json::to_cbor(j);
    return {bytes.begin(), bytes.end()};
}

json decode(std::string_view bytes, const char* what) {
    json j = json::from_cbor(bytes.begin(), bytes.end(), /*strict=*/true,
                             /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() || j.value("format", 0) != k_format)
        throw InvalidInputError(
            fmt::format("{}: not a heatloop work {} (format {})", what, what, k_format));
    return j;
}

json encode_prediction(const UnitPrediction& p) {
    json channels = json::array(), steps = json::array();
    for (const models::ScoreChannel& c : p.score_channels)
        channels.push_back({{"name", c.name}, {"values", to_bin(c.values)}});
    for (const std::vector<double>& s : p.forecast.by_step) steps.push_back(to_bin(s));
    return {{"kind", static_cast<int>(p.kind)},
            {"scores", to_bin(p.scores)},
            {"channels", channels},
            {"target", p.forecast.target},
            {"steps", steps},
            {"component", to_bin(p.component)}};
}

UnitPrediction decode_prediction(const json& j) {
    UnitPrediction p;
    p.kind = static_cast<models::ModelKind>(j.at("kind").get<int>());
    p.scores = from_bin(j.at("scores"));
    for (const json& c : j.at("channels"))
        p.score_channels.push_back({c.at("name").get<std::string>(), from_bin(c.at("values"))});
    p.forecast.target = j.at("target").get<std::string>();
    for (const json& s : j.at("steps")) p.forecast.by_step.push_back(from_bin(s));
    p.component = from_bin(j.at("component"));
    return p;
}

}  // namespace

void fan_out_predictions(
    RunState& s, const FanOut& fan_out, bool fit,
    const std::function<void(std::size_t, const SavedModel&, std::size_t)>& store) {
    const std::size_t n = s.frames.size(), models = s.plan.models.size();
    const bool detector = s.config.kind == models::ModelKind::detector;
    const bool meters = s.config.kind == models::ModelKind::disaggregator;
    if (!fit && s.saved_models.size() != models)
        throw InternalError("fan_out_predictions: the models fitted here were not kept");

    json shared = {{"format", k_format},    {"model", s.config.model}, {"params", s.config.params},
                   {"seed", s.config.seed}, {"meters", meters},        {"models", json::array()}};
    shared["derive"] = json::object();
    for (const auto& [channel, d] : s.config.data.derive)  // [data] derive, redone per unit
        shared["derive"][channel] = {{"disaggregator", d.disaggregator},
                                     {"models_dir", d.models_dir}};
    for (std::size_t m = 0; m < models; ++m)
        shared["models"].push_back(
            fit ? json()
                : json{{"doc", s.saved_models[m].doc}, {"side", side_bin(s.saved_models[m].side)}});

    // Which models train on each unit, and the one model each unit's own fit makes.
    std::vector<std::vector<bool>> trains(models, std::vector<bool>(n, false));
    std::vector<std::optional<std::size_t>> fitted_on(models);
    for (std::size_t m = 0; m < models; ++m) {
        for (std::size_t i : s.plan.models[m].train) trains[m][i] = true;
        if (fit) {
            if (s.plan.models[m].train.size() != 1)
                throw InternalError("fan_out_predictions: a model per unit trains on one unit");
            fitted_on[m] = s.plan.models[m].train.front();
        }
    }

    // Items in unit order (a unit's items are adjacent, so a task loads it once).
    std::vector<UnitWorkItem> items;
    std::vector<std::pair<std::size_t, std::size_t>> keys;  // (model, unit) of each item
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t m = 0; m < models; ++m) {
            const bool evaluates = s.plan.units[i].model == m && !s.plan.units[i].eval.empty();
            const bool calibrates = detector && trains[m][i];
            const bool fits = fitted_on[m] == i;
            if (!evaluates && !calibrates && !fits) continue;
            json item = {{"format", k_format},
                         {"unit", s.unit_ids[i]},
                         {"model", m},
                         {"predict", evaluates || calibrates},
                         {"fit", fits},
                         {"rows", s.frames[i].rows()},
                         {"start", s.frames[i].rows() ? s.frames[i].time().front() : 0}};
            if (fits) {
                const RowRange r = s.plan.units[i].train;
                json masked = json::array();
                auto it = s.labels.anomalous.find(s.unit_ids[i]);
                if (s.config.data.exclude_labels_from_training && it != s.labels.anomalous.end())
                    for (const GapSpan& g : it->second) masked.push_back({g.start, g.end});
                item["train"] = {r.begin, r.end};
                item["masked"] = std::move(masked);
            }
            items.push_back({s.unit_ids[i], encode(item)});
            keys.emplace_back(m, i);
        }
    }
    if (s.env.status)
        s.env.status(fmt::format("fanning out {} work items over {} units", items.size(), n));

    std::vector<std::string> results = fan_out.execute(encode(shared), items);
    if (results.size() != items.size())
        throw InternalError(fmt::format("the fan-out returned {} results for {} work items",
                                        results.size(), items.size()));
    std::vector<std::optional<std::pair<SavedModel, std::size_t>>> fits(models);
    for (std::size_t k = 0; k < results.size(); ++k) {
        try {
            const json r = decode(results[k], "result");
            results[k] = {};
            const auto [m, i] = keys[k];
            if (r.at("unit").get<std::string>() != s.unit_ids[i] ||
                r.at("model").get<std::size_t>() != m)
                throw InternalError(fmt::format("work result {} is not the one of unit {} model {}",
                                                k, s.unit_ids[i], s.plan.models[m].key));
            if (r.contains("prediction")) {
                UnitPrediction p = decode_prediction(r["prediction"]);
                const std::size_t rows = s.frames[i].rows();
                bool whole = p.kind == s.config.kind;
                if (p.kind == models::ModelKind::detector) whole = whole && p.scores.size() == rows;
                for (const auto& c : p.score_channels) whole = whole && c.values.size() == rows;
                for (const auto& f : p.forecast.by_step) whole = whole && f.size() == rows;
                if (p.kind == models::ModelKind::disaggregator)
                    whole = whole && p.component.size() == rows;
                if (!whole)
                    throw InvalidInputError(fmt::format(
                        "unit {}: the fan-out's prediction does not cover the unit's {} rows",
                        s.unit_ids[i], rows));
                s.predictions[{m, i}] = std::move(p);
            }
            if (r.contains("fitted")) {
                const json& f = r["fitted"];
                fits[m].emplace(SavedModel{f.at("doc"), side_text(f.at("side")),
                                           f.at("fit_seconds").get<double>()},
                                f.at("masked_rows").get<std::size_t>());
            }
        } catch (const json::exception& e) {  // a field missing or of the wrong type
            throw InvalidInputError(fmt::format("work result {}: {}", k, e.what()));
        }
    }
    for (std::size_t m = 0; fit && m < models; ++m) {
        if (!fits[m]) throw InternalError("the fan-out did not fit model " + s.plan.models[m].key);
        store(m, fits[m]->first, fits[m]->second);
    }
    if (s.config.kind != models::ModelKind::forecaster) return;
    for (const auto& [key, p] : s.predictions)
        if (p.forecast.by_step.size() !=
            static_cast<const models::Forecaster&>(*s.models[key.first]).horizon())
            throw InvalidInputError(fmt::format(
                "unit {}: the fan-out's forecast has {} horizon steps, the model {}",
                s.unit_ids[key.second], p.forecast.by_step.size(),
                static_cast<const models::Forecaster&>(*s.models[key.first]).horizon()));
}

namespace {

std::vector<std::string> unit_work(const io::Workspace& ws, std::string_view shared_bytes,
                                   std::span<const std::string> items, int threads) {
    const json shared = decode(shared_bytes, "shared part");
    const std::string name = shared.at("model").get<std::string>();
    const json& params = shared.at("params");
    const models::ModelContext ctx{shared.at("seed").get<std::uint64_t>(), std::max(threads, 1)};
    const models::ModelKind kind = shared.at("meters").get<bool>()
                                       ? models::ModelKind::disaggregator
                                       : models::ModelKind::detector;  // only the loading differs
    const ModelSource& source = registry_models();
    std::map<std::string, DerivedChannel> derive;
    for (const auto& [channel, d] : shared.at("derive").items())
        derive[channel] = {d.at("disaggregator").get<std::string>(),
                           d.at("models_dir").get<std::string>()};
    const ChannelDeriver deriver(derive, ctx.threads);

    std::map<std::size_t, std::unique_ptr<models::Model>> restored;  // shipped models, by index
    std::string frame_unit;
    UnitFrame frame;
    std::vector<std::string> out;
    out.reserve(items.size());
    for (const std::string& bytes : items) {
        const json item = decode(bytes, "item");
        const std::string unit = item.at("unit").get<std::string>();
        const auto m = item.at("model").get<std::size_t>();
        if (unit != frame_unit || out.empty()) {
            frame = load_run_frame(ws, unit, kind, &deriver);
            frame_unit = unit;
        }
        const auto rows = item.at("rows").get<std::size_t>();
        const auto start = item.at("start").get<Timestamp>();
        if (frame.rows() != rows || (rows && frame.time().front() != start))
            throw InvalidInputError(fmt::format(
                "unit {}: the worker's workspace {} has {} rows from {}, the driver's {} rows "
                "from {} (workers must read the same data)",
                unit, ws.root().string(), frame.rows(),
                frame.rows() ? format_iso(frame.time().front()) : "-", rows,
                rows ? format_iso(start) : "-"));
        json result = {{"format", k_format}, {"unit", unit}, {"model", m}};
        std::unique_ptr<models::Model> own;
        const models::Model* model = nullptr;
        if (item.at("fit").get<bool>()) {
            const RowRange r{item.at("train").at(0).get<std::size_t>(),
                             item.at("train").at(1).get<std::size_t>()};
            if (r.end > frame.rows() || r.begin > r.end)
                throw InvalidInputError(
                    fmt::format("unit {}: work item rows [{}, {}) outside its {} rows", unit,
                                r.begin, r.end, frame.rows()));
            std::vector<GapSpan> masked;
            for (const json& g : item.at("masked"))
                masked.push_back({g.at(0).get<Timestamp>(), g.at(1).get<Timestamp>(), {}});
            std::size_t masked_rows = 0;
            const std::vector<UnitFrame> train{training_frame(frame, r, masked, masked_rows)};
            const SavedModel saved = fit_saved_model(source, name, params, train, ctx);
            // Predicted by the model reloaded from its document, as the driver would.
            own = source.load(saved.doc, saved.side);
            result["fitted"] = {{"doc", saved.doc},
                                {"side", side_bin(saved.side)},
                                {"fit_seconds", saved.fit_seconds},
                                {"masked_rows", masked_rows}};
        } else {
            auto it = restored.find(m);
            if (it == restored.end()) {
                const json& doc = shared.at("models").at(m);
                if (doc.is_null())
                    throw InvalidInputError(
                        fmt::format("work item: model {} is neither shipped nor fitted", m));
                it = restored.emplace(m, source.load(doc.at("doc"), side_text(doc.at("side"))))
                         .first;
                it->second->set_context(ctx);
            }
            model = it->second.get();
        }
        if (own) {
            own->set_context(ctx);
            model = own.get();
        }
        if (item.at("predict").get<bool>())
            result["prediction"] = encode_prediction(predict_unit(*model, frame));
        out.push_back(encode(result));
    }
    return out;
}

}  // namespace

std::vector<std::string> run_unit_work(const io::Workspace& ws, std::string_view shared,
                                       std::span<const std::string> items, int threads) {
    try {
        return unit_work(ws, shared, items, threads);
    } catch (const json::exception& e) {  // a field missing or of the wrong type
        throw InvalidInputError(fmt::format("work item: {}", e.what()));
    }
}

}  // namespace heatloop::runner
