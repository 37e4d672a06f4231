#include "heatloop/models/classifiers/gradient_boosting_classifier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "heatloop/core/error.hpp"
#include "models/xgb_regressor.hpp"

namespace heatloop::models {

namespace {

nlohmann::json feature_list() {
    nlohmann::json names = nlohmann::json::array();
    for (std::string_view n : load_feature_names()) names.push_back(std::string(n));
    return names;
}

}  // namespace

std::span<const ParamSpec> GradientBoostingClassifier::param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = [] {
        std::vector<ParamSpec> v = {
            {"n_estimators", T::integer, 200, 1, 5000, {}, "boosting rounds (trees)"},
            {"max_depth", T::integer, 4, 1, 32, {}, "tree depth limit"},
            {"learning_rate", T::number, 0.05, 1e-6, 1, {}, "shrinkage (eta)"},
            {"min_child_weight", T::number, 1, 0, 1e6, {}, "least hessian sum in a leaf"},
            {"subsample", T::number, 0.8, 0.1, 1, {}, "share of months each tree sees (seeded)"},
        };
        for (const ParamSpec& p : load_feature_param_specs()) v.push_back(p);
        return v;
    }();
    return specs;
}

GradientBoostingClassifier::GradientBoostingClassifier() : Classifier(k_name, param_specs()) {
    configure(nullptr);
}

GradientBoostingClassifier::~GradientBoostingClassifier() = default;

void GradientBoostingClassifier::apply_params(const nlohmann::json& p) {
    features_ = LoadFeatureOptions::from_params(p);
    n_estimators_ = p.at("n_estimators").get<int>();
    max_depth_ = p.at("max_depth").get<int>();
    learning_rate_ = p.at("learning_rate").get<double>();
    min_child_weight_ = p.at("min_child_weight").get<double>();
    subsample_ = p.at("subsample").get<double>();
}

void GradientBoostingClassifier::do_fit(std::span<const UnitFrame> units,
                                        std::span<const double> targets, const ModelContext& ctx) {
    const std::size_t cols = load_feature_names().size();
    std::vector<float> x, y;
    bool seen[2] = {false, false};
    for (std::size_t u = 0; u < units.size(); ++u)
        for (const LoadPeriod& p : monthly_load_features(units[u], features_)) {
            if (!p.usable) continue;
            for (double f : p.features) x.push_back(static_cast<float>(f));
            y.push_back(static_cast<float>(targets[u]));
            seen[targets[u] == 1.0] = true;
        }
    if (!seen[0] || !seen[1])
        throw InvalidInputError(fmt::format(
            "{}: the training units have {} month(s) with at least {} of their '{}' rows; a "
            "classifier needs such months of both classes",
            name(), y.size(), features_.min_coverage, features_.load_channel));
    const std::map<std::string, std::string> params{
        {"tree_method", "hist"},
        {"objective", "binary:logistic"},
        {"max_depth", std::to_string(max_depth_)},
        {"eta", fmt::format("{}", learning_rate_)},
        {"min_child_weight", fmt::format("{}", min_child_weight_)},
        {"subsample", fmt::format("{}", subsample_)},
        {"seed", std::to_string(ctx.seed % 2'147'483'647)},
        {"nthread", std::to_string(ctx.threads)},
        {"verbosity", "0"}};
    auto b = std::make_unique<detail::XgbRegressor>();
    b->train(x, cols, y, params, n_estimators_);  // base_score: the share of positive months
    booster_ = std::move(b);
}

std::vector<PeriodProbability> GradientBoostingClassifier::do_predict(const UnitFrame& unit) const {
    const auto periods = monthly_load_features(unit, features_);
    const std::size_t cols = load_feature_names().size();
    std::vector<float> x;
    for (const LoadPeriod& p : periods)
        if (p.usable)
            for (double f : p.features) x.push_back(static_cast<float>(f));
    const std::vector<float> prob = booster_->predict(x, cols, context().threads);
    std::vector<PeriodProbability> out;
    std::size_t k = 0;
    for (const LoadPeriod& p : periods)
        out.push_back({p.start, p.end,
                       p.usable ? std::clamp(static_cast<double>(prob[k++]), 0.0, 1.0)
                                : std::numeric_limits<double>::quiet_NaN()});
    return out;
}

nlohmann::json GradientBoostingClassifier::save_state() const {
    return {{"features", feature_list()}, {"booster", booster_->save()}};
}

void GradientBoostingClassifier::load_state(const nlohmann::json& state) {
    if (!state.is_object() || !state.contains("booster") || !state["booster"].is_string() ||
        !state.contains("features") || state["features"] != feature_list())
        throw InvalidInputError(fmt::format(
            "{} model document: state needs a booster and the feature list {} (a model saved "
            "with other features does not fit this build)",
            name(), feature_list().dump()));
    auto b = std::make_unique<detail::XgbRegressor>();
    b->load(state["booster"].get<std::string>());
    booster_ = std::move(b);
}

}  // namespace heatloop::models
