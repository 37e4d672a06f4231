// `heatloop forecast features CONFIG.toml`: per household, the exact rows (features, split,
// target per horizon step) a lag-feature forecaster of a study trains on and is scored on,
// as CSV for other programs. docs/forecasting.md
#include "commands/forecast_features.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "heatloop/core/text.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/runner/forecast_features.hpp"
#include "heatloop/store/db.hpp"

namespace heatloop::cli {

namespace {

struct FeaturesArgs {
    std::string config, workspace, out, model, units;
};

void features(const FeaturesArgs& a, const GlobalOptions& global) {
    const auto configs = runner::load_study_or_run_config(a.config);
    const io::Workspace ws = io::Workspace::open(a.workspace);
    auto db = store::open_workspace_db(a.workspace, global.db);
    runner::FeatureExportOptions o;
    o.model = a.model;
    o.units = split_list(a.units);
    o.out_dir = a.out;
    const runner::FeatureExport e = runner::export_forecast_features(configs, ws, *db, o);
    if (global.json) {
        std::cout << runner::to_json(e).dump(2) << "\n";
        return;
    }
    fmt::print("features of {} ({} 1..{} steps ahead): {}\n", e.model, e.target, e.horizon,
               fmt::join(e.features, ", "));
    for (const auto& u : e.units)
        fmt::print("{}: {} train + {} test rows per step -> {}\n", u.unit_id, u.train_rows,
                   u.test_rows, u.file.string());
}

}  // namespace

void add_forecast_features(CLI::App& forecast, const GlobalOptions& global,
                           std::function<void()> check_parent) {
    auto a = std::make_shared<FeaturesArgs>();
    auto* f = forecast.add_subcommand(
        "features",
        "write each household's feature rows, split and targets as a forecaster sees them (CSV)");
    f->add_option("config", a->config, "a forecast study (or a run config) naming the forecaster")
        ->required();
    add_workspace_option(*f, a->workspace);
    f->add_option("--out,-o", a->out, "directory for one <unit>.csv per household")->required();
    f->add_option("--model", a->model,
                  "the study's model (run name) whose features to write (default: the first "
                  "forecaster built on the lag features)");
    f->add_option("--units", a->units, "comma-separated unit ids (default: the config's units)");
    f->callback([a, &global, check = std::move(check_parent)] {
        check();
        features(*a, global);
    });
}

}  // namespace heatloop::cli
