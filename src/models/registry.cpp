#include "heatloop/models/registry.hpp"

#include <fmt/format.h>

#include <array>
#include <type_traits>

#include "heatloop/core/error.hpp"
#if HEATLOOP_HAVE_TORCH
#include "heatloop/models/classifiers/cnn_classifier.hpp"
#endif
#include "heatloop/models/classifiers/gradient_boosting_classifier.hpp"
#include "heatloop/models/detectors/house_thermal.hpp"
#include "heatloop/models/detectors/isolation_forest.hpp"
#include "heatloop/models/detectors/predicted_vs_actual.hpp"
#include "heatloop/models/detectors/shower_iforest.hpp"
#if HEATLOOP_HAVE_TORCH
#include "heatloop/models/detectors/self_supervised.hpp"
#endif
#include "heatloop/models/detectors/spectral.hpp"
#include "heatloop/models/detectors/time_off_threshold.hpp"
#include "heatloop/models/disaggregators/gradient_boosting_disaggregator.hpp"
#if HEATLOOP_HAVE_TORCH
#include "heatloop/models/disaggregators/seq2point.hpp"
#endif
#if HEATLOOP_HAVE_TORCH
#include "heatloop/models/forecasters/bilstm_attention.hpp"
#endif
#include "heatloop/models/forecasters/gradient_boosting.hpp"
#if HEATLOOP_HAVE_TORCH
#include "heatloop/models/forecasters/lstm.hpp"
#endif
#include "heatloop/models/forecasters/seasonal_naive.hpp"

#ifndef HEATLOOP_HAVE_TORCH
#define HEATLOOP_HAVE_TORCH 0
#endif

namespace heatloop::models {

namespace {

template <class T>
constexpr ModelKind kind_of() {
    if constexpr (std::is_base_of_v<Detector, T>) return ModelKind::detector;
    if constexpr (std::is_base_of_v<Forecaster, T>) return ModelKind::forecaster;
    if constexpr (std::is_base_of_v<Classifier, T>) return ModelKind::classifier;
    if constexpr (std::is_base_of_v<Disaggregator, T>) return ModelKind::disaggregator;
}

template <class T>
constexpr ModelInfo entry() {
    return {T::k_name, kind_of<T>(), T::k_summary, &T::param_specs,
            []() -> std::unique_ptr<Model> { return std::make_unique<T>(); }};
}

// The one registration table: adding a model of any kind = one file pair + one line here.
// clang-format off
constexpr std::array k_models{
    // detectors
    entry<IsolationForestDetector>(),
    entry<TimeOffThresholdDetector>(),
    entry<SpectralDetector>(),
    entry<HouseThermalDetector>(),
    entry<PredictedVsActualDetector>(),
    entry<ShowerIForestDetector>(),
#if HEATLOOP_HAVE_TORCH
    entry<SelfSupervisedDetector>(),
#endif
    // forecasters
    entry<SeasonalNaiveForecaster>(),
    entry<GradientBoostingForecaster>(),
#if HEATLOOP_HAVE_TORCH
    entry<LstmForecaster>(),
    entry<BilstmAttentionForecaster>(),
#endif
    // disaggregators
    entry<GradientBoostingDisaggregator>(),
#if HEATLOOP_HAVE_TORCH
    entry<Seq2PointDisaggregator>(),
#endif
    // classifiers
    entry<GradientBoostingClassifier>(),
#if HEATLOOP_HAVE_TORCH
    entry<CnnClassifier>(),
#endif
};
// clang-format on

// Models this build leaves out, and why (find_model() says so instead of "unknown model").
struct Unavailable {
    std::string_view name, reason;
};
#if !HEATLOOP_HAVE_TORCH
constexpr std::string_view k_no_torch =
    "this heatloop was built without the neural layer (libtorch): configure with "
    "-DHEATLOOP_WITH_TORCH=ON after installing libtorch-dev and "
    "libopenblas0-pthread (scripts/install-deps.sh); the sanitizer build never has it";
#endif
// clang-format off
constexpr std::array<Unavailable, HEATLOOP_HAVE_TORCH ? 0 : 5> k_unavailable {
#if !HEATLOOP_HAVE_TORCH
    Unavailable{"self_supervised", k_no_torch},
    Unavailable{"lstm", k_no_torch},
    Unavailable{"bilstm_attention", k_no_torch},
    Unavailable{"seq2point", k_no_torch},
    Unavailable{"cnn_classifier", k_no_torch},
#endif
};
// clang-format on

template <class K>
std::unique_ptr<K> as(std::unique_ptr<Model> m, ModelKind want) {
    if (m->kind() != want)
        throw InvalidInputError(fmt::format("model '{}' is a {}, not a {} (the {}s: {})", m->name(),
                                            kind_name(m->kind()), kind_name(want), kind_name(want),
                                            fmt::join(model_names(want), ", ")));
    return std::unique_ptr<K>(static_cast<K*>(m.release()));
}

template <class K>
std::unique_ptr<K> make_as(std::string_view name, const nlohmann::json& params, ModelKind want) {
    const ModelInfo& info = find_model(name);
    if (info.kind != want) return as<K>(info.create(), want);  // throws naming the kinds
    return as<K>(make_model(name, params), want);
}

}  // namespace

std::span<const ModelInfo> registered_models() noexcept {
    return k_models;
}

std::vector<std::string_view> model_names(std::optional<ModelKind> kind) {
    std::vector<std::string_view> names;
    for (const auto& m : k_models)
        if (!kind || m.kind == *kind) names.push_back(m.name);
    return names;
}

const ModelInfo& find_model(std::string_view name) {
    for (const auto& m : k_models)
        if (m.name == name) return m;
    for (const Unavailable& u : k_unavailable)
        if (u.name == name)
            throw InvalidInputError(fmt::format("model '{}' is not available: {}", name, u.reason));
    throw InvalidInputError(
        fmt::format("unknown model '{}' (valid: {})", name, fmt::join(model_names(), ", ")));
}

std::optional<std::string_view> unavailable_model(std::string_view name) {
    for (const Unavailable& u : k_unavailable)
        if (u.name == name) return u.reason;
    return std::nullopt;
}

std::unique_ptr<Model> make_model(std::string_view name, const nlohmann::json& params) {
    auto model = find_model(name).create();
    model->configure(params);
    return model;
}

std::unique_ptr<Model> load_model(const nlohmann::json& doc, std::string_view side_file) {
    if (!doc.is_object() || !doc.contains("model") || !doc.at("model").is_string())
        throw InvalidInputError("model document: expected an object with a string field model");
    auto model = find_model(doc.at("model").get<std::string>()).create();
    model->load(doc, side_file);
    return model;
}

std::vector<std::string_view> detector_names() {
    return model_names(ModelKind::detector);
}

const ModelInfo& find_detector(std::string_view name) {
    const ModelInfo& info = find_model(name);
    if (info.kind != ModelKind::detector)
        throw InvalidInputError(fmt::format("model '{}' is a {}, not a detector (detectors: {})",
                                            name, kind_name(info.kind),
                                            fmt::join(detector_names(), ", ")));
    return info;
}

std::unique_ptr<Detector> make_detector(std::string_view name, const nlohmann::json& params) {
    return make_as<Detector>(name, params, ModelKind::detector);
}

std::unique_ptr<Detector> load_detector(const nlohmann::json& doc) {
    return as<Detector>(load_model(doc), ModelKind::detector);
}

std::unique_ptr<Forecaster> make_forecaster(std::string_view name, const nlohmann::json& params) {
    return make_as<Forecaster>(name, params, ModelKind::forecaster);
}

std::unique_ptr<Classifier> make_classifier(std::string_view name, const nlohmann::json& params) {
    return make_as<Classifier>(name, params, ModelKind::classifier);
}

std::unique_ptr<Disaggregator> make_disaggregator(std::string_view name,
                                                  const nlohmann::json& params) {
    return make_as<Disaggregator>(name, params, ModelKind::disaggregator);
}

}  // namespace heatloop::models
