#pragma once
/// `heatloop forecast features`: the exact rows a lag-feature forecaster of a study (or run
/// config) trains on and is scored on, per household, for other programs to train on the same
/// data (bench/compare_forecast.py trains LightGBM and XGBoost's Python package on them). The
/// features are models/lag_features.hpp's, built from the model's own params; the split, the
/// masked label spans and the training frame are the run's (runner/split.hpp), so a row's
/// features equal what the model sees: training rows from the training frame, test rows from
/// the whole unit, as `heatloop run` fits and predicts.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "heatloop/runner/run_config.hpp"

namespace heatloop::io {
class Workspace;
}
namespace heatloop::store {
class Db;
}

namespace heatloop::runner {

struct FeatureExportOptions {
    std::string model;               ///< run name of the [[model]] ("" = the first that fits)
    std::vector<std::string> units;  ///< empty: the config's units, else every unit with data
    std::filesystem::path out_dir;   ///< one <unit>.csv per unit is written here
};

/// One household's file.
struct UnitFeatureFile {
    std::string unit_id;
    std::filesystem::path file;
    std::size_t train_rows = 0, test_rows = 0;  ///< rows per horizon step
};

struct FeatureExport {
    std::string model, target;  ///< the run name whose features these are, and its target
    std::size_t horizon = 0;
    std::vector<std::string> features;  ///< feature column names, in order
    std::vector<UnitFeatureFile> units;
};

/// The configs of a study file ([[model]] tables) or of a run config ([model]).
std::vector<RunConfig> load_study_or_run_config(const std::filesystem::path& file);

/// Writes out_dir/<unit>.csv for each unit: a header `timestamp,step,split,<features...>,
/// target`, then for each horizon step 1..H the training rows and then the test rows with a
/// present target, in time order; `timestamp` is the forecast time (ISO 8601 UTC), `split`
/// "train" or "test", a missing feature an empty cell. A row in both parts (split "none" or
/// "unit_folds") is written once as each. Labelled spans masked out of training
/// (exclude_labels_from_training) are masked here too, so their rows are not training rows.
/// Throws InvalidInputError for a model that is unknown to the configs or builds no lag
/// features, and what `heatloop run` would throw for the units and the split.
FeatureExport export_forecast_features(const std::vector<RunConfig>& configs,
                                       const io::Workspace& ws, store::Db& db,
                                       const FeatureExportOptions& options);

/// {model, target, horizon, features, units: [{unit_id, file, train_rows, test_rows}]}.
nlohmann::json to_json(const FeatureExport& e);

}  // namespace heatloop::runner
