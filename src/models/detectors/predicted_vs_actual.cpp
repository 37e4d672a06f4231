#include "heatloop/models/detectors/predicted_vs_actual.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "heatloop/core/error.hpp"
#include "heatloop/core/quantile.hpp"
#include "models/series.hpp"
#include "models/window_features.hpp"
#include "models/xgb_regressor.hpp"

namespace heatloop::models {

std::span<const ParamSpec> PredictedVsActualDetector::param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = {
        {.name = "target",
         .type = T::string,
         .default_value = "compressor_power",
         .description = "channel to predict"},
        {"feature_channels",
         T::string_list,
         {"t_outdoor"},
         0,
         32,
         {},
         "channels whose trailing means (window and long window) are features; a unit "
         "without one gets missing values for it (at least one training unit must have it)"},
        {"calendar", T::boolean, true, 0, 1, {}, "add hour-of-day (sin, cos) and day-of-week"},
        {"window",
         T::duration,
         "60min",
         1,
         86'400'000,
         {},
         "trailing mean window of the target and the features"},
        {"long_window",
         T::duration,
         "24h",
         1,
         14.0 * 86'400'000,
         {},
         "a second, longer trailing mean of each feature channel (thermal inertia)"},
        {"target_history",
         T::duration,
         "0s",
         0,
         14.0 * 86'400'000,
         {},
         "> 0: the target's own mean over this span, ending target_history_lag ago, is a "
         "feature (the unit's usual level, so one fleet model fits units of different sizes; "
         "\"0s\" = off)"},
        {"target_history_lag",
         T::duration,
         "24h",
         1,
         14.0 * 86'400'000,
         {},
         "how long ago the target history window ends (longer than the failures to catch)"},
        {.name = "direction",
         .type = T::string,
         .default_value = "lower",
         .choices = {"lower", "both"},
         .description = "lower: score consumption below the prediction (the thesis's failure "
                        "sign); both: either side"},
        {.name = "residual",
         .type = T::string,
         .default_value = "absolute",
         .choices = {"absolute", "relative"},
         .description = "absolute: predicted - actual, scored against the training "
                        "residuals; relative: the score is (predicted - actual) / "
                        "max(predicted, relative_floor), the share of the expected consumption "
                        "missing (1 = none drawn), the same for small and large units"},
        {"relative_floor",
         T::number,
         0.2,
         1e-6,
         1e6,
         {},
         "relative residual: smallest divisor (target units), so near-zero predictions "
         "(summer, idle) do not blow up"},
        {"residual_quantile",
         T::number,
         0.99,
         0.5,
         0.9999,
         {},
         "training-residual quantile that maps to score 1"},
        {"n_rounds", T::integer, 100, 1, 5000, {}, "boosting rounds"},
        {"max_leaves", T::integer, 31, 2, 4096, {}, "leaves per tree (lossguide growth)"},
        {"learning_rate", T::number, 0.1, 0.001, 1, {}, "XGBoost eta"},
        {"fit_stride", T::integer, 5, 1, 1440, {}, "use every n-th training row"},
    };
    return specs;
}

PredictedVsActualDetector::PredictedVsActualDetector()
    : Detector(k_name, param_specs()), booster_(std::make_unique<detail::XgbRegressor>()) {
    configure(nullptr);
}

PredictedVsActualDetector::~PredictedVsActualDetector() = default;

void PredictedVsActualDetector::apply_params(const nlohmann::json& p) {
    target_ = p.at("target").get<std::string>();
    channels_ = p.at("feature_channels").get<std::vector<std::string>>();
    calendar_ = p.at("calendar").get<bool>();
    history_ = DurationParam::parse(p.at("target_history").get<std::string>()).on_grid(1) > 0;
    two_sided_ = p.at("direction").get<std::string>() == "both";
    relative_ = p.at("residual").get<std::string>() == "relative";
    relative_floor_ = p.at("relative_floor").get<double>();
    quantile_ = p.at("residual_quantile").get<double>();
    rounds_ = p.at("n_rounds").get<int>();
    max_leaves_ = p.at("max_leaves").get<int>();
    learning_rate_ = p.at("learning_rate").get<double>();
    fit_stride_ = p.at("fit_stride").get<int>();
    if (channels_.empty() && !calendar_)
        throw InvalidInputError(
            fmt::format("{}: no features (feature_channels empty, calendar off)", name()));
    if (std::find(channels_.begin(), channels_.end(), target_) != channels_.end())
        throw InvalidInputError(
            fmt::format("{}: the target {} cannot be a feature channel", name(), target_));
    booster_ = std::make_unique<detail::XgbRegressor>();
}

bool PredictedVsActualDetector::needs_rows(std::string_view name) const {
    return history_ || (name != "target_history" && name != "target_history_lag");
}

std::string PredictedVsActualDetector::param_text(const char* name) const {
    return params().at(name).get<std::string>();
}

std::vector<std::string> PredictedVsActualDetector::feature_names() const {
    std::vector<std::string> names;
    for (const auto& c : channels_) {
        names.push_back(fmt::format("{}.mean_{}", c, param_text("window")));
        names.push_back(fmt::format("{}.mean_{}", c, param_text("long_window")));
    }
    if (calendar_)
        for (const char* n : {"hour_sin", "hour_cos", "day_of_week"}) names.emplace_back(n);
    if (history_)
        names.push_back(fmt::format("{}.mean_{}_lag_{}", target_, param_text("target_history"),
                                    param_text("target_history_lag")));
    return names;
}

namespace {
// Missing values throughout when the unit has no such channel (a feature, not the target).
std::vector<double> trailing_mean(std::string_view model, const UnitFrame& unit,
                                  const std::string& channel, std::size_t window_rows) {
    if (!unit.find(channel)) return std::vector<double>(unit.rows(), k_missing);
    detail::WindowFeatureSpec spec;
    spec.channels = {channel};
    spec.stats = {detail::WindowStat::mean};
    spec.window_rows = std::max<std::size_t>(1, window_rows);
    spec.min_coverage = 0.5;
    return detail::window_features(model, unit, spec);
}
}  // namespace

std::vector<double> PredictedVsActualDetector::smoothed_target(const UnitFrame& unit) const {
    detail::require_channel(name(), unit, target_);
    return trailing_mean(name(), unit, target_, duration_rows("window", unit));
}

std::vector<float> PredictedVsActualDetector::features(const UnitFrame& unit) const {
    const std::size_t cols = feature_names().size(), rows = unit.rows();
    std::vector<float> x(rows * cols);
    std::size_t col = 0;
    for (const auto& c : channels_)
        for (std::size_t w : {duration_rows("window", unit), duration_rows("long_window", unit)}) {
            const auto v = trailing_mean(name(), unit, c, w);
            for (std::size_t i = 0; i < rows; ++i) x[i * cols + col] = static_cast<float>(v[i]);
            ++col;
        }
    if (calendar_) {
        constexpr double k_two_pi = 6.283185307179586;
        for (std::size_t i = 0; i < rows; ++i) {
            const Timestamp t = unit.time()[i];
            const double day_frac =
                static_cast<double>(((t % k_day_ms) + k_day_ms) % k_day_ms) / k_day_ms;
            // 1970-01-01 was a Thursday: day 0 = Monday.
            const std::int64_t days = t >= 0 ? t / k_day_ms : (t - k_day_ms + 1) / k_day_ms;
            x[i * cols + col] = static_cast<float>(std::sin(k_two_pi * day_frac));
            x[i * cols + col + 1] = static_cast<float>(std::cos(k_two_pi * day_frac));
            x[i * cols + col + 2] = static_cast<float>(((days + 3) % 7 + 7) % 7);
        }
        col += 3;
    }
    if (history_) {
        // The mean over (t - lag - H, t - lag]: shift the trailing mean by lag rows.
        const auto v = trailing_mean(name(), unit, target_, duration_rows("target_history", unit));
        const std::size_t lag = duration_rows("target_history_lag", unit);
        for (std::size_t i = 0; i < rows; ++i)
            x[i * cols + col] =
                i >= lag ? static_cast<float>(v[i - lag]) : std::numeric_limits<float>::quiet_NaN();
    }
    return x;
}

double PredictedVsActualDetector::residual(double predicted, double actual) const {
    double r = predicted - actual;
    if (relative_) r /= std::max(predicted, relative_floor_);
    return two_sided_ ? std::abs(r) : r;
}

std::vector<double> PredictedVsActualDetector::predict(const UnitFrame& unit) const {
    const std::size_t cols = feature_names().size();
    const std::vector<float> p = booster_->predict(features(unit), cols, context().threads);
    return std::vector<double>(p.begin(), p.end());
}

void PredictedVsActualDetector::do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) {
    for (const auto& c : channels_)
        if (std::none_of(units.begin(), units.end(),
                         [&](const UnitFrame& u) { return u.find(c) != nullptr; }))
            throw InvalidInputError(fmt::format(
                "{}: feature channel '{}' is in none of the {} training unit(s) (channels of "
                "{}: {})",
                name(), c, units.size(), units.front().unit_id(),
                fmt::join(units.front().channel_names(), ", ")));
    const std::size_t cols = feature_names().size();
    std::vector<float> x, y;
    for (const auto& unit : units) {
        const auto f = features(unit);
        const auto target = smoothed_target(unit);
        std::size_t kept = 0;
        for (std::size_t i = 0; i < unit.rows(); ++i) {
            if (is_missing(target[i])) continue;
            if (kept++ % static_cast<std::size_t>(fit_stride_) != 0) continue;
            x.insert(x.end(), f.begin() + static_cast<std::ptrdiff_t>(i * cols),
                     f.begin() + static_cast<std::ptrdiff_t>((i + 1) * cols));
            y.push_back(static_cast<float>(target[i]));
        }
    }
    if (y.size() < 10)
        throw InvalidInputError(fmt::format(
            "{}: only {} training rows with {} present in {} unit(s), starting with {}; need 10",
            name(), y.size(), target_, units.size(), units.front().unit_id()));
    const std::map<std::string, std::string> params{{"tree_method", "hist"},
                                                    {"grow_policy", "lossguide"},
                                                    {"max_depth", "0"},
                                                    {"max_leaves", std::to_string(max_leaves_)},
                                                    {"eta", fmt::format("{}", learning_rate_)},
                                                    {"objective", "reg:squarederror"},
                                                    {"seed", std::to_string(ctx.seed)},
                                                    {"nthread", std::to_string(ctx.threads)},
                                                    {"verbosity", "0"}};
    booster_->train(x, cols, y, params, rounds_);
    // The residual distribution on the training rows calibrates the score.
    const std::vector<float> p = booster_->predict(x, cols, ctx.threads);
    std::vector<double> r(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) r[i] = residual(p[i], y[i]);
    residual_median_ = quantile_inplace(r, 0.5);
    residual_scale_ = std::max(quantile_inplace(r, quantile_) - residual_median_, 1e-6);
}

std::vector<double> PredictedVsActualDetector::do_score(const UnitFrame& unit) const {
    const std::vector<double> p = predict(unit);
    const std::vector<double> actual = smoothed_target(unit);
    std::vector<double> out(unit.rows(), k_missing);
    for (std::size_t i = 0; i < out.size(); ++i)
        if (!is_missing(actual[i]))
        // Round the actual as the training labels were (float) so scores match training.
        {
            const double r = residual(p[i], static_cast<float>(actual[i]));
            // A relative residual is already on a fleet-wide scale (1 = nothing drawn).
            out[i] = relative_ ? r : (r - residual_median_) / residual_scale_;
        }
    return out;
}

nlohmann::json PredictedVsActualDetector::save_state() const {
    return {{"features", feature_names()},
            {"residual_median", residual_median_},
            {"residual_scale", residual_scale_},
            {"booster", booster_->save()}};
}

void PredictedVsActualDetector::load_state(const nlohmann::json& state) {
    residual_median_ = state.at("residual_median").get<double>();
    residual_scale_ = state.at("residual_scale").get<double>();
    if (!(residual_scale_ > 0))
        throw InvalidInputError(
            fmt::format("{} model document: residual_scale must be > 0", name()));
    booster_->load(state.at("booster").get<std::string>());
}

}  // namespace heatloop::models
