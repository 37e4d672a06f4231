#pragma once
/// The detector registry: the one explicit table of every detector (src/models/registry.cpp).
/// Look-ups by an unknown name list the valid ones.

#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "heatloop/models/detector.hpp"
#include "heatloop/models/param.hpp"

namespace heatloop::models {

/// What the registry knows about a detector without creating one.
struct DetectorInfo {
    std::string_view name;                   ///< registered name
    std::string_view summary;                ///< one line for help and model lists
    std::span<const ParamSpec> (*params)();  ///< its parameter table
    std::unique_ptr<Detector> (*create)();   ///< a new instance with default params
};

/// Every registered detector, in registration order.
std::span<const DetectorInfo> detectors() noexcept;

/// The names of every registered detector.
std::vector<std::string_view> detector_names();

/// The entry named `name`; throws InvalidInputError listing the valid names.
const DetectorInfo& find_detector(std::string_view name);

/// A new detector configured with `params` (null = defaults). Throws InvalidInputError for
/// an unknown name or invalid params.
std::unique_ptr<Detector> make_detector(std::string_view name,
                                        const nlohmann::json& params = nullptr);

/// A detector restored from a save() document (its "model" field picks the class). Throws
/// InvalidInputError for a document without a known model name or a malformed one.
std::unique_ptr<Detector> load_detector(const nlohmann::json& doc);

}  // namespace heatloop::models
