#include "heatloop/models/detectors/isolation_forest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/error.hpp"
#include "models/window_features.hpp"

namespace heatloop::models {

std::span<const ParamSpec> IsolationForestDetector::param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = {
        {"n_trees", T::integer, 100, 1, 10000, {}, "number of trees"},
        {"sample_size",
         T::integer,
         256,
         2,
         1 << 24,
         {},
         "psi: rows drawn without replacement per tree"},
        {"max_depth", T::integer, 0, 0, 64, {}, "tree height limit; 0 = ceil(log2(psi))"},
        {"channels",
         T::string_list,
         {"compressor_power", "t_supply", "t_return", "t_outdoor"},
         1,
         64,
         {},
         "channels to build window features from"},
        {"features",
         T::string_list,
         {"mean", "std", "min", "max", "last"},
         1,
         5,
         {"mean", "std", "min", "max", "last"},
         "statistics of each channel over the window"},
        {"window",
         T::duration,
         "60min",
         1,
         7.0 * 86'400'000,
         {},
         "the trailing window ending at each row (\"60min\", or \"60 steps\" to fit any "
         "sampling rate)"},
        {"min_coverage",
         T::number,
         0.5,
         0,
         1,
         {},
         "share of present values a window needs; rows below it are not scored (NaN)"},
        {"fit_stride",
         T::integer,
         5,
         1,
         1440,
         {},
         "use every n-th complete row of the training units (windows overlap anyway)"},
    };
    return specs;
}

IsolationForestDetector::IsolationForestDetector() : Detector(k_name, param_specs()) {
    configure(nullptr);
}

void IsolationForestDetector::apply_params(const nlohmann::json& p) {
    options_.n_trees = p.at("n_trees").get<int>();
    options_.sample_size = p.at("sample_size").get<std::size_t>();
    options_.max_depth = p.at("max_depth").get<int>();
    channels_ = p.at("channels").get<std::vector<std::string>>();
    stats_ = p.at("features").get<std::vector<std::string>>();
    min_coverage_ = p.at("min_coverage").get<double>();
    fit_stride_ = p.at("fit_stride").get<int>();
    forest_ = IsolationForest();
}

std::vector<std::string> IsolationForestDetector::feature_names() const {
    std::vector<std::string> names;
    for (const auto& c : channels_)
        for (const auto& s : stats_) names.push_back(c + "." + s);
    return names;
}

std::vector<double> IsolationForestDetector::features(const UnitFrame& unit) const {
    detail::WindowFeatureSpec spec;
    spec.channels = channels_;
    for (const auto& s : stats_) spec.stats.push_back(detail::parse_window_stat(s));
    spec.window_rows = duration_rows("window", unit);
    spec.min_coverage = min_coverage_;
    return detail::window_features(name(), unit, spec);
}

void IsolationForestDetector::do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) {
    const std::size_t cols = channels_.size() * stats_.size();
    std::vector<double> x;
    std::size_t rows = 0;
    for (const auto& unit : units)
        rows +=
            append_complete_rows(features(unit), cols, static_cast<std::size_t>(fit_stride_), x);
    if (rows < 2)
        throw InvalidInputError(fmt::format(
            "{}: fewer than 2 complete feature rows in {} training unit(s) (channels {}; a row "
            "needs {}% of each channel present over window = {})",
            name(), units.size(), fmt::join(channels_, ", "), min_coverage_ * 100,
            params().at("window").get<std::string>()));
    IForestOptions options = options_;
    options.seed = ctx.seed;
    options.threads = ctx.threads;
    forest_ = IsolationForest::fit(x, rows, cols, options);
}

std::vector<double> IsolationForestDetector::do_score(const UnitFrame& unit) const {
    return forest_.score_complete(features(unit), context().threads);
}

nlohmann::json IsolationForestDetector::save_state() const {
    return {{"features", feature_names()}, {"forest", forest_.to_json()}};
}

void IsolationForestDetector::load_state(const nlohmann::json& state) {
    forest_ = IsolationForest::from_json(state.at("forest"));
    if (forest_.cols() != channels_.size() * stats_.size())
        throw InvalidInputError(
            fmt::format("{} model document: forest has {} columns but the params give {} features",
                        name(), forest_.cols(), channels_.size() * stats_.size()));
}

}  // namespace heatloop::models
