#include "heatloop/models/detectors/shower_iforest.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/error.hpp"
#include "models/series.hpp"

namespace heatloop::models {

std::span<const ParamSpec> ShowerIForestDetector::param_specs() {
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
        {"mid_channel",
         T::string,
         "t_tank_mid",
         {},
         {},
         {},
         "the tank temperature whose drops mark a draw (the paper's mid-sensor)"},
        {"top_channel",
         T::string,
         "t_tank_top",
         {},
         {},
         {},
         "a second tank temperature whose drop over the longest lag is a feature; \"\" = none "
         "(a tank with one sensor)"},
        {"lags",
         T::string_list,
         {"5min", "15min", "30min"},
         1,
         16,
         {},
         "the drop of mid_channel over each of these lags is a feature (\"5min\", or \"2 "
         "steps\"); each is rounded to the unit's grid, at least one step"},
        {"accel",
         T::boolean,
         true,
         {},
         {},
         {},
         "add the drop's acceleration over the shortest lag (the drop now minus the drop one "
         "lag earlier, clipped at 0): high where a drop starts"},
        {"fall_rate",
         T::number,
         0.2,
         0,
         100,
         {},
         "K per minute: add how long (minutes) mid_channel fell at least this fast within the "
         "longest lag, which tells a shower (minutes of flow) from a tap (seconds); 0 = off"},
        {"fit_stride",
         T::integer,
         1,
         1,
         1440,
         {},
         "use every n-th complete row of the training units"},
    };
    return specs;
}

ShowerIForestDetector::ShowerIForestDetector() : Detector(k_name, param_specs()) {
    configure(nullptr);
}

void ShowerIForestDetector::apply_params(const nlohmann::json& p) {
    options_.n_trees = p.at("n_trees").get<int>();
    options_.sample_size = p.at("sample_size").get<std::size_t>();
    options_.max_depth = p.at("max_depth").get<int>();
    mid_channel_ = p.at("mid_channel").get<std::string>();
    top_channel_ = p.at("top_channel").get<std::string>();
    lags_ = p.at("lags").get<std::vector<std::string>>();
    accel_ = p.at("accel").get<bool>();
    fall_rate_ = p.at("fall_rate").get<double>();
    fit_stride_ = p.at("fit_stride").get<int>();
    if (mid_channel_.empty())
        throw InvalidInputError(fmt::format("{}: mid_channel must name a channel", name()));
    for (const auto& lag : lags_) {
        const DurationParam d = DurationParam::parse(lag);
        if (d.steps == 0 && d.length <= 0)
            throw InvalidInputError(
                fmt::format("{}: lag '{}' must be longer than 0 (e.g. \"5min\")", name(), lag));
    }
    forest_ = IsolationForest();
}

std::vector<std::string> ShowerIForestDetector::feature_names() const {
    std::vector<std::string> names;
    for (const auto& lag : lags_) names.push_back("mid_drop." + lag);
    if (accel_) names.emplace_back("mid_accel");
    if (fall_rate_ > 0) names.emplace_back("fall_minutes");
    if (!top_channel_.empty()) names.emplace_back("top_drop");
    return names;
}

std::vector<std::size_t> ShowerIForestDetector::lag_rows(const UnitFrame& unit) const {
    const Duration step = unit.step();
    if (step <= 0)
        throw InvalidInputError(
            fmt::format("{}: unit {} has no regular time grid", name(), unit.unit_id()));
    std::vector<std::size_t> rows;
    for (const auto& lag : lags_) {
        const DurationParam d = DurationParam::parse(lag);
        // A lag shorter than the grid step still compares neighbouring rows: on hourly data
        // "5min" is the drop over one hour.
        const auto n =
            d.steps > 0 ? d.steps
                        : std::llround(static_cast<double>(d.length) / static_cast<double>(step));
        rows.push_back(static_cast<std::size_t>(std::max<long long>(1, n)));
    }
    return rows;
}

namespace {

// max(0, v[i - k] - v[i]); NaN where either is missing or i < k.
double drop(const std::vector<double>& v, std::size_t i, std::size_t k) {
    if (i < k) return std::nan("");
    const double d = v[i - k] - v[i];
    return std::isfinite(d) ? std::max(0.0, d) : std::nan("");
}

}  // namespace

std::vector<double> ShowerIForestDetector::features(const UnitFrame& unit) const {
    const std::vector<std::size_t> lags = lag_rows(unit);
    const auto& mid = detail::require_channel(name(), unit, mid_channel_);
    const std::vector<double>* top =
        top_channel_.empty() ? nullptr : &detail::require_channel(name(), unit, top_channel_);
    const std::size_t shortest = *std::min_element(lags.begin(), lags.end());
    const std::size_t longest = *std::max_element(lags.begin(), lags.end());
    const std::size_t cols = feature_names().size();
    const double step_min = static_cast<double>(unit.step()) / static_cast<double>(k_minute_ms);
    // Falling steps: a one-step drop of at least fall_rate per minute.
    std::vector<int> falling(unit.rows(), 0);
    for (std::size_t i = 1; i < unit.rows(); ++i)
        falling[i] = mid[i - 1] - mid[i] >= fall_rate_ * step_min ? 1 : 0;
    std::vector<double> f(unit.rows() * cols);
    int fall_run = 0;  // falling steps among the last `longest`
    for (std::size_t i = 0; i < unit.rows(); ++i) {
        double* row = f.data() + i * cols;
        std::size_t c = 0;
        for (const std::size_t k : lags) row[c++] = drop(mid, i, k);
        if (accel_) {
            // The drop over the last lag minus the drop over the lag before it.
            double a = std::nan("");
            if (i >= 2 * shortest) {
                const double now = mid[i - shortest] - mid[i];
                const double before = mid[i - 2 * shortest] - mid[i - shortest];
                if (std::isfinite(now) && std::isfinite(before)) a = std::max(0.0, now - before);
            }
            row[c++] = a;
        }
        if (fall_rate_ > 0) {
            fall_run += falling[i];
            if (i >= longest) fall_run -= falling[i - longest];
            row[c++] = i >= longest && std::isfinite(mid[i]) ? fall_run * step_min : std::nan("");
        }
        if (top) row[c++] = drop(*top, i, longest);
    }
    return f;
}

std::vector<double> ShowerIForestDetector::longest_drop(const UnitFrame& unit) const {
    const std::vector<std::size_t> lags = lag_rows(unit);
    const std::size_t longest = *std::max_element(lags.begin(), lags.end());
    const auto& mid = detail::require_channel(name(), unit, mid_channel_);
    std::vector<double> out(unit.rows());
    for (std::size_t i = 0; i < unit.rows(); ++i) out[i] = drop(mid, i, longest);
    return out;
}

void ShowerIForestDetector::do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) {
    const std::size_t cols = feature_names().size();
    std::vector<double> x;
    std::size_t rows = 0;
    for (const auto& unit : units)
        rows +=
            append_complete_rows(features(unit), cols, static_cast<std::size_t>(fit_stride_), x);
    if (rows < 2)
        throw InvalidInputError(fmt::format(
            "{}: fewer than 2 complete feature rows in {} training unit(s) (a row needs {} now "
            "and {} before it{})",
            name(), units.size(), mid_channel_, fmt::join(lags_, ", "),
            top_channel_.empty() ? std::string() : fmt::format(", and {}", top_channel_)));
    IForestOptions options = options_;
    options.seed = ctx.seed;
    options.threads = ctx.threads;
    forest_ = IsolationForest::fit(x, rows, cols, options);
}

std::vector<double> ShowerIForestDetector::do_score(const UnitFrame& unit) const {
    return forest_.score_complete(features(unit), context().threads);
}

nlohmann::json ShowerIForestDetector::save_state() const {
    return {{"features", feature_names()}, {"forest", forest_.to_json()}};
}

void ShowerIForestDetector::load_state(const nlohmann::json& state) {
    forest_ = IsolationForest::from_json(state.at("forest"));
    if (forest_.cols() != feature_names().size())
        throw InvalidInputError(
            fmt::format("{} model document: forest has {} columns but the params give {} features",
                        name(), forest_.cols(), feature_names().size()));
}

}  // namespace heatloop::models
