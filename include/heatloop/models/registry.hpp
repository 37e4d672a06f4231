#pragma once
/// The model registry: the one explicit table of every model of every kind
/// (src/models/registry.cpp). Look-ups by an unknown name list the valid ones; the typed
/// look-ups (make_detector, make_forecaster, ...) also say when a name is of another kind.

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "heatloop/models/classifier.hpp"
#include "heatloop/models/detector.hpp"
#include "heatloop/models/disaggregator.hpp"
#include "heatloop/models/forecaster.hpp"
#include "heatloop/models/param.hpp"

namespace heatloop::models {

/// What the registry knows about a model without creating one.
struct ModelInfo {
    std::string_view name;                   ///< registered name
    ModelKind kind;                          ///< what it is for
    std::string_view summary;                ///< one line for help and model lists
    std::span<const ParamSpec> (*params)();  ///< its parameter table
    std::unique_ptr<Model> (*create)();      ///< a new instance with default params
};

/// Every registered model, in registration order.
std::span<const ModelInfo> registered_models() noexcept;

/// The names of every registered model (of `kind` only, when given).
std::vector<std::string_view> model_names(std::optional<ModelKind> kind = std::nullopt);

/// The entry named `name`; throws InvalidInputError listing the valid names.
const ModelInfo& find_model(std::string_view name);
/// Why this build leaves out the model of that name (e.g. built without libtorch), or nullopt
/// when it is registered or unknown.
std::optional<std::string_view> unavailable_model(std::string_view name);

/// A new model configured with `params` (null = defaults). Throws InvalidInputError for an
/// unknown name or invalid params.
std::unique_ptr<Model> make_model(std::string_view name, const nlohmann::json& params = nullptr);

/// A model restored from a save() document (its "model" field picks the class) and its side
/// file. Throws InvalidInputError for a document without a known model name or a malformed one.
std::unique_ptr<Model> load_model(const nlohmann::json& doc, std::string_view side_file = {});

/// The names of every registered detector.
std::vector<std::string_view> detector_names();
/// The entry of detector `name`; InvalidInputError for an unknown name or another kind.
const ModelInfo& find_detector(std::string_view name);
/// make_model() for a detector; InvalidInputError when `name` is of another kind.
std::unique_ptr<Detector> make_detector(std::string_view name,
                                        const nlohmann::json& params = nullptr);
/// load_model() for a detector document.
std::unique_ptr<Detector> load_detector(const nlohmann::json& doc);
/// make_model() for a forecaster; InvalidInputError when `name` is of another kind.
std::unique_ptr<Forecaster> make_forecaster(std::string_view name,
                                            const nlohmann::json& params = nullptr);
/// make_model() for a classifier; InvalidInputError when `name` is of another kind.
std::unique_ptr<Classifier> make_classifier(std::string_view name,
                                            const nlohmann::json& params = nullptr);
/// make_model() for a disaggregator; InvalidInputError when `name` is of another kind.
std::unique_ptr<Disaggregator> make_disaggregator(std::string_view name,
                                                  const nlohmann::json& params = nullptr);

/// The model as its kind (nullptr when it is another kind).
template <class K>
K* as_kind(Model& m) noexcept {
    return dynamic_cast<K*>(&m);
}

}  // namespace heatloop::models
