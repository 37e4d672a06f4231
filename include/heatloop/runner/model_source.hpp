#pragma once
/// Where a run's models come from. A run makes its model from the config's [model] name and
/// params, fits it, saves it and reloads it from the saved document; by default all through
/// the model registry. A caller with a model the registry does not hold (a model written in
/// Python, through the Python package: docs/python.md) passes its own source in
/// RunEnvironment::models and to parse_run_config, and the run is otherwise the same.

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "heatloop/models/model.hpp"

namespace heatloop::runner {

/// Makes and restores the models of a run.
class ModelSource {
public:
    virtual ~ModelSource() = default;
    /// A new, unfitted model `name` configured with `params` (InvalidInputError when the
    /// name or a param is not accepted).
    virtual std::unique_ptr<models::Model> make(std::string_view name,
                                                const nlohmann::json& params) const = 0;
    /// The model a save() document of a model from make() (and its side file) restores.
    virtual std::unique_ptr<models::Model> load(const nlohmann::json& doc,
                                                std::string_view side_file) const = 0;
};

/// The model registry as a source (models::make_model, models::load_model).
const ModelSource& registry_models();

}  // namespace heatloop::runner
