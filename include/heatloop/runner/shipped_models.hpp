#pragma once
/// Shipped pretrained models (docs/smartmeter.md "Shipped models"): a directory (models/ in the
/// repository) holding model documents (model.save(), plus a side file where the model has
/// one) and manifest.json, which names each model ("default", "default-detector", ...) and
/// says what it is: kind, registered model, file, grid step it was trained on, input unit,
/// training data, version and the command that made it. Models load by name, with no
/// workspace and no training.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "heatloop/core/frame.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/models/model.hpp"

namespace heatloop::runner {

/// Version of manifest.json this build writes and reads.
inline constexpr int k_shipped_manifest_version = 1;

/// The environment variable naming the models directory (after --models).
inline constexpr const char* k_models_env = "HEATLOOP_MODELS";

/// One manifest entry.
struct ShippedModel {
    std::string name;        ///< the name it loads by ("default", "default-detector", ...)
    models::ModelKind kind;  ///< disaggregator or classifier
    std::string model;       ///< the registered model ("gradient_boosting_disaggregator")
    std::string file;        ///< the document, relative to the models directory
    std::string side_file;   ///< its binary side file ("" when none)
    int version = 1;         ///< the shipped model's own version (bumped when retrained)
    Duration step = 0;       ///< the grid step it was trained on (ms)
    /// The median of each training household's total (kW): the range a file's households
    /// must fall near (a file in kW read as energy per interval lands far above it).
    double total_median_kw_min = 0.0, total_median_kw_max = 0.0;
    nlohmann::json entry;  ///< the whole manifest entry (training data, command, licence, ...)
};

/// A models directory and its manifest.
struct ShippedCatalogue {
    std::filesystem::path dir;
    std::vector<ShippedModel> models;
    /// The entry of that name; NotFoundError listing the names (and the directory).
    const ShippedModel& find(const std::string& name) const;
};

/// Where the models are: `flag` (--models DIR) when given, else $HEATLOOP_MODELS, else the
/// first of <dir of the executable>/../models, <dir of the executable>/models and
/// <dir of the executable>/../share/heatloop/models holding a manifest.json. NotFoundError
/// listing every place tried.
std::filesystem::path find_models_dir(const std::string& flag);

/// Reads and checks `dir`/manifest.json. NotFoundError when missing, InvalidInputError
/// naming the file and field when malformed.
ShippedCatalogue read_catalogue(const std::filesystem::path& dir);

/// Loads a shipped model (document and side file) and checks it is the model and kind its
/// manifest entry says. IoError / InvalidInputError naming the file.
std::unique_ptr<models::Model> load_shipped(const ShippedCatalogue& catalogue,
                                            const ShippedModel& entry);

/// Whether a household's series fits a shipped model: its grid step is the model's, and the
/// median of its total (kW) is not far above what the model was trained on (at most
/// k_total_median_factor times the largest training household's). Throws InvalidInputError
/// "<source>: household <id>: ..." with the reason and what to do; `energy_per_interval`
/// says how the values were declared (the hint differs).
void check_fits_shipped(const ShippedModel& entry, const UnitFrame& household,
                        const std::string& total_channel, const std::string& source,
                        bool energy_per_interval);

/// How far above the largest training household's median total a file's may be.
inline constexpr double k_total_median_factor = 3.0;

/// The median of the finite values (NaN when none).
double finite_median(std::vector<double> values);

/// Writes `catalogue` (its models' entries) as `dir`/manifest.json.
void write_catalogue(const std::filesystem::path& dir, const nlohmann::json& manifest);

}  // namespace heatloop::runner
