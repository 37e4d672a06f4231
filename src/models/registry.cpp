#include "heatloop/models/registry.hpp"

#include <fmt/format.h>

#include <array>

#include "heatloop/core/error.hpp"
#include "heatloop/models/detectors/house_thermal.hpp"
#include "heatloop/models/detectors/isolation_forest.hpp"
#include "heatloop/models/detectors/predicted_vs_actual.hpp"
#include "heatloop/models/detectors/spectral.hpp"
#include "heatloop/models/detectors/time_off_threshold.hpp"

namespace heatloop::models {

namespace {

template <class T>
constexpr DetectorInfo entry() {
    return {T::k_name, T::k_summary, &T::param_specs,
            []() -> std::unique_ptr<Detector> { return std::make_unique<T>(); }};
}

// The one registration table: adding a detector = one file pair + one line here.
constexpr std::array k_detectors{
    entry<IsolationForestDetector>(), entry<TimeOffThresholdDetector>(),  entry<SpectralDetector>(),
    entry<HouseThermalDetector>(),    entry<PredictedVsActualDetector>(),
};

}  // namespace

std::span<const DetectorInfo> detectors() noexcept {
    return k_detectors;
}

std::vector<std::string_view> detector_names() {
    std::vector<std::string_view> names;
    for (const auto& d : k_detectors) names.push_back(d.name);
    return names;
}

const DetectorInfo& find_detector(std::string_view name) {
    for (const auto& d : k_detectors)
        if (d.name == name) return d;
    throw InvalidInputError(
        fmt::format("unknown detector '{}' (valid: {})", name, fmt::join(detector_names(), ", ")));
}

std::unique_ptr<Detector> make_detector(std::string_view name, const nlohmann::json& params) {
    auto detector = find_detector(name).create();
    detector->configure(params);
    return detector;
}

std::unique_ptr<Detector> load_detector(const nlohmann::json& doc) {
    if (!doc.is_object() || !doc.contains("model") || !doc.at("model").is_string())
        throw InvalidInputError("model document: expected an object with a string field model");
    auto detector = find_detector(doc.at("model").get<std::string>()).create();
    detector->load(doc);
    return detector;
}

}  // namespace heatloop::models
