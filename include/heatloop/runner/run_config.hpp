#pragma once
/// The TOML file `heatloop run CONFIG.toml` reads: which units and period, how they are
/// split into training and evaluation, the model (of any kind), its scope and params, the
/// alarm policy (detectors) and the
/// evaluation settings. docs/runs.md documents every key; configs/ has one per detector.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "heatloop/alarms/policy.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/eval/options.hpp"
#include "heatloop/models/model.hpp"
#include "heatloop/runner/model_source.hpp"

namespace heatloop::runner {

/// How units' data is divided into training and evaluation.
enum class SplitKind {
    time,   ///< each unit: the first train_fraction (or train_rows) of its rows trains, the
            ///< rest is evaluated
    dates,  ///< each unit: [train_start, train_end) trains, [eval_start, eval_end) is evaluated
    units,  ///< leave units out: eval_units are evaluated on all their data, the others train
    unit_folds,  ///< k folds by unit: each unit is evaluated on all its data by the model of
                 ///< its fold, trained on the units of the other folds
    none,        ///< every unit trains and is evaluated on all its data (unsupervised, in-sample)
};

/// "time", "dates", "units", "unit_folds" or "none".
std::string_view split_name(SplitKind k);
/// The kind of that name; InvalidInputError listing the valid names.
SplitKind parse_split(std::string_view name);

/// A channel a run derives for each unit before it runs (`[data] derive`): the heat pump's
/// load estimated from the unit's household meter by a shipped disaggregator
/// (docs/smartmeter.md "Detection on the estimated heat-pump load").
struct DerivedChannel {
    std::string disaggregator;  ///< the shipped model's name ("default")
    std::string
        models_dir;  ///< its models directory ("" = found as runner/shipped_models.hpp says)
};

/// The [data] table.
struct DataSpec {
    std::vector<std::string> units;  ///< empty: every unit of the workspace with data
    SplitKind split = SplitKind::time;
    double train_fraction = 0.85;           ///< split = time, in (0, 1)
    std::optional<std::size_t> train_rows;  ///< split = time: rows instead of a share
    int folds = 5;                          ///< split = unit_folds, >= 2
    /// The last share of each unit's training rows is held out of fitting and calibrates the
    /// alarm threshold (0 = the threshold comes from the training rows themselves).
    double calibration_fraction = 0.0;
    std::optional<Timestamp> train_start, train_end;  ///< split = dates
    std::optional<Timestamp> eval_start, eval_end;    ///< split = dates
    std::vector<std::string> eval_units;              ///< split = units
    bool exclude_labels_from_training = true;         ///< mask labelled spans out of training data
    /// Channels derived per unit, by name (`derive = {load_heat_pump_est = {disaggregator =
    /// "default"}}`); detector and forecaster runs only.
    std::map<std::string, DerivedChannel> derive;
};

/// How many models a run trains.
enum class ModelScope {
    fleet,  ///< one model (and one threshold) for all units (per fold with unit_folds)
    unit,   ///< one model and one threshold per unit, each trained on that unit alone
};

/// "fleet" or "unit".
std::string_view scope_name(ModelScope s);
/// The scope of that name; InvalidInputError listing the valid names.
ModelScope parse_scope(std::string_view name);

/// A whole run configuration.
struct RunConfig {
    std::string name;                    ///< run name ("" = the model's name)
    std::string experiment = "default";  ///< tracking experiment
    std::uint64_t seed = 0;
    DataSpec data;
    std::string model;  ///< a registered model name ([model] name)
    models::ModelKind kind = models::ModelKind::detector;  ///< the registered model's kind
    ModelScope scope = ModelScope::fleet;                  ///< [model] scope
    nlohmann::json params = nlohmann::json::object();      ///< the model's params
    alarms::AlarmPolicy alarms;
    eval::EvalOptions evaluation;
    std::string text;  ///< the file as read (logged with the run)
};

/// Parses a config. `source` names it in errors ("config.toml:12: ..."). Throws
/// InvalidInputError for TOML syntax errors, unknown keys (listing the valid ones), wrong
/// types, and settings the detector, alarm policy or evaluation reject. The [model] is made
/// by `models` (default: the registry) to check its name and params.
RunConfig parse_run_config(std::string_view text, const std::string& source,
                           const ModelSource& models = registry_models());

/// Reads and parses a config file; NotFoundError when it does not exist.
RunConfig load_run_config(const std::filesystem::path& file);

}  // namespace heatloop::runner
