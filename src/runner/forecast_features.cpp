#include "heatloop/runner/forecast_features.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/core/unit.hpp"
#include "heatloop/io/csv_writer.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/models/forecaster.hpp"
#include "heatloop/models/lag_features.hpp"
#include "heatloop/models/registry.hpp"
#include "heatloop/runner/forecast_study.hpp"
#include "runner/run_config_toml.hpp"
#include "runner/run_labels.hpp"
#include "runner/split.hpp"

namespace heatloop::runner {

namespace fs = std::filesystem;

namespace {

std::string run_name(const RunConfig& c) {
    return c.name.empty() ? c.model : c.name;
}

bool builds_lag_features(const models::Model& m) {
    return m.params().is_object() && m.params().contains("lags") &&
           m.params().contains("lag_channels");
}

// The config whose features are exported: the named one, or the first lag-feature forecaster.
const RunConfig& pick_config(const std::vector<RunConfig>& configs, const std::string& name) {
    std::vector<std::string> usable;
    for (const RunConfig& c : configs) {
        if (c.kind != models::ModelKind::forecaster) continue;
        if (!builds_lag_features(*models::make_model(c.model, c.params))) continue;
        if (name.empty() || run_name(c) == name) return c;
        usable.push_back(run_name(c));
    }
    std::vector<std::string> all;
    for (const RunConfig& c : configs) all.push_back(run_name(c));
    if (name.empty())
        throw InvalidInputError(
            fmt::format("no model of the config ({}) is a forecaster built on the lag features "
                        "(docs/forecasting.md \"Features\")",
                        fmt::join(all, ", ")));
    throw InvalidInputError(fmt::format(
        "--model {}: {} (lag-feature forecasters of the config: {})", name,
        std::find(all.begin(), all.end(), name) == all.end() ? "no such model in the config"
                                                             : "does not build the lag features",
        usable.empty() ? "none" : fmt::format("{}", fmt::join(usable, ", "))));
}

// A number as its shortest round-trip text (the exact double), empty when missing.
void put_number(io::CsvBuffer& row, double v) {
    if (std::isnan(v))
        row.empty();
    else
        row.field(std::string_view(fmt::format("{}", v)));
}

// Rows [r.begin, r.end) of the unit (row `offset` of the unit is row 0 of `frame` and `m`)
// for step h, where the target is present.
std::size_t write_rows(io::CsvFileWriter& out, const UnitFrame& frame, std::size_t offset,
                       RowRange r, const models::FeatureMatrix& m, const std::vector<double>& y,
                       std::size_t h, std::string_view split) {
    std::size_t n = 0;
    io::CsvBuffer& row = out.buffer();
    for (std::size_t i = r.begin; i < r.end; ++i) {
        const std::size_t at = i - offset;
        if (std::isnan(y[at])) continue;
        row.timestamp(frame.time()[at]).field(h).field(split);
        for (std::size_t c = 0; c < m.names.size(); ++c) put_number(row, m.at(at, c));
        put_number(row, y[at]);
        row.end_row();
        out.flush_if_full();
        ++n;
    }
    return n;
}

}  // namespace

std::vector<RunConfig> load_study_or_run_config(const fs::path& file) {
    const std::string text = read_config_file(file);
    const toml::table root = parse_toml(text, file.string());
    if (root["model"].is_array()) return parse_forecast_study(text, file.string());
    return {run_config_from_table(root, text, file.string())};
}

FeatureExport export_forecast_features(const std::vector<RunConfig>& configs,
                                       const io::Workspace& ws, store::Db& db,
                                       const FeatureExportOptions& options) {
    const RunConfig& config = pick_config(configs, options.model);
    auto model = models::make_forecaster(config.model, config.params);
    const std::string model_name(model->name());
    const models::LagFeatureSpec spec =
        models::LagFeatureSpec::from_params(model_name, model->params());
    FeatureExport e;
    e.model = run_name(config);
    e.target = model->target();
    e.horizon = model->horizon();

    RunConfig scoped = config;
    if (!options.units.empty()) scoped.data.units = options.units;
    const RunLabels labels = load_run_labels(db, std::nullopt, config.evaluation);
    std::error_code ec;
    fs::create_directories(options.out_dir, ec);
    if (ec)
        throw IoError(
            fmt::format("cannot create directory {}: {}", options.out_dir.string(), ec.message()));
    for (const std::string& id : resolve_run_units(scoped, ws)) {
        UnitFrame unit = ws.load_unit_with_weather(id);
        unit.attributes() = unit_attributes(ws.unit(id).info);
        const UnitPlan plan = plan_unit(unit, scoped.data);
        static const std::vector<GapSpan> none;
        const auto masked = labels.anomalous.find(id);
        std::size_t masked_rows = 0;
        const UnitFrame train = training_frame(
            unit, plan.train,
            scoped.data.exclude_labels_from_training && masked != labels.anomalous.end()
                ? masked->second
                : none,
            masked_rows);
        if (unit.find(e.target) == nullptr)
            throw InvalidInputError(
                fmt::format("unit {}: no channel {} (the target of {})", id, e.target, e.model));

        UnitFeatureFile file{id, options.out_dir / (io::escape_file_name(id) + ".csv"), 0, 0};
        io::CsvFileWriter out(file.file);
        for (std::size_t h = 1; h <= e.horizon; ++h) {
            // Features as the model builds them: on the training frame when it fits, on the
            // whole unit when it forecasts.
            const models::FeatureMatrix fm = models::lag_features(model_name, train, spec, h);
            const models::FeatureMatrix pm = models::lag_features(model_name, unit, spec, h);
            if (h == 1) {
                e.features = pm.names;
                io::CsvBuffer& header = out.buffer();
                header.field("timestamp").field("step").field("split");
                for (const std::string& n : e.features) header.field(n);
                header.field("target").end_row();
            }
            const std::size_t tr = write_rows(out, train, plan.train.begin, plan.train, fm,
                                              train.at(e.target).values, h, "train");
            const std::size_t te =
                write_rows(out, unit, 0, plan.eval, pm, unit.at(e.target).values, h, "test");
            if (h == 1) file.train_rows = tr, file.test_rows = te;
        }
        out.commit();
        e.units.push_back(std::move(file));
    }
    return e;
}

nlohmann::json to_json(const FeatureExport& e) {
    nlohmann::json units = nlohmann::json::array();
    for (const UnitFeatureFile& u : e.units)
        units.push_back({{"unit_id", u.unit_id},
                         {"file", u.file.string()},
                         {"train_rows", u.train_rows},
                         {"test_rows", u.test_rows}});
    return {{"model", e.model},
            {"target", e.target},
            {"horizon", e.horizon},
            {"features", e.features},
            {"units", std::move(units)}};
}

}  // namespace heatloop::runner
