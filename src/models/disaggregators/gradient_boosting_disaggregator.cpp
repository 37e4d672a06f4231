#include "heatloop/models/disaggregators/gradient_boosting_disaggregator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "heatloop/core/error.hpp"
#include "models/disaggregators/day_stats.hpp"
#include "models/series.hpp"
#include "models/xgb_regressor.hpp"

namespace heatloop::models {

namespace {

constexpr float k_nan_f = std::numeric_limits<float>::quiet_NaN();

// Features of every row of `unit`, row-major: the total at offsets -h..h, the centred
// window's mean, standard deviation, minimum and maximum (over its present values; NaN when
// none), the steps total[i] - total[i-1] and total[i+1] - total[i], the outdoor temperature
// (when a channel is named), the UTC time of day as sine and cosine, and, over a centred day
// of `day_rows` rows, the total's minimum and mean and the total above that minimum (the
// household's base load differs from home to home; what runs on top of it is what moves).
// Missing values stay NaN: XGBoost learns where they go.
std::vector<float> features(std::string_view model, const UnitFrame& unit,
                            const std::string& total_channel, const std::string& temperature, int h,
                            int day_rows, std::size_t& cols) {
    const auto& total = detail::require_channel(model, unit, total_channel);
    const std::vector<double>* temp =
        temperature.empty() ? nullptr : &detail::require_channel(model, unit, temperature);
    const auto n = static_cast<std::ptrdiff_t>(unit.rows());
    cols =
        static_cast<std::size_t>(2 * h + 1) + 4 + 2 + (temp ? 1 : 0) + 2 + (day_rows > 0 ? 3 : 0);
    const detail::DayStats days =
        day_rows > 0 ? detail::centred_day_stats(total, day_rows) : detail::DayStats{};
    std::vector<float> x(unit.rows() * cols, k_nan_f);
    const auto at = [&](std::ptrdiff_t i) { return i >= 0 && i < n ? total[i] : k_missing; };
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        float* row = x.data() + static_cast<std::size_t>(i) * cols;
        std::size_t c = 0;
        double sum = 0, sq = 0, lo = INFINITY, hi = -INFINITY;
        int present = 0;
        for (std::ptrdiff_t k = -h; k <= h; ++k) {
            const double v = at(i + k);
            row[c++] = static_cast<float>(v);
            if (std::isnan(v)) continue;
            sum += v, sq += v * v, lo = std::min(lo, v), hi = std::max(hi, v), ++present;
        }
        if (present > 0) {
            const double mean = sum / present;
            row[c] = static_cast<float>(mean);
            row[c + 1] = static_cast<float>(std::sqrt(std::max(0.0, sq / present - mean * mean)));
            row[c + 2] = static_cast<float>(lo);
            row[c + 3] = static_cast<float>(hi);
        }
        c += 4;
        row[c++] = static_cast<float>(at(i) - at(i - 1));
        row[c++] = static_cast<float>(at(i + 1) - at(i));
        if (temp) row[c++] = static_cast<float>((*temp)[static_cast<std::size_t>(i)]);
        const double day =
            static_cast<double>(((unit.time()[static_cast<std::size_t>(i)] % k_day_ms) + k_day_ms) %
                                k_day_ms) /
            static_cast<double>(k_day_ms);
        row[c++] = static_cast<float>(std::sin(2 * M_PI * day));
        row[c++] = static_cast<float>(std::cos(2 * M_PI * day));
        if (day_rows > 0) {
            const auto k = static_cast<std::size_t>(i);
            row[c++] = static_cast<float>(days.min[k]);
            row[c++] = static_cast<float>(days.mean[k]);
            row[c++] = static_cast<float>(total[k] - days.min[k]);
        }
    }
    return x;
}

}  // namespace

std::span<const ParamSpec> GradientBoostingDisaggregator::param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = {
        {"total_channel", T::string, "load", {}, {}, {}, "the household total (input)"},
        {"component_channel",
         T::string,
         "load_heat_pump",
         {},
         {},
         {},
         "the component to estimate (the training target)"},
        {"temperature_channel",
         T::string,
         "t_outdoor",
         {},
         {},
         {},
         "outdoor temperature input (\"\" = none)"},
        {"half_window",
         T::integer,
         8,
         0,
         96,
         {},
         "rows of the total on each side of an interval in its features (8 = 2 h at 15 min)"},
        {"day_window",
         T::integer,
         96,
         0,
         10'000,
         {},
         "rows of the centred window whose minimum and mean of the total are features (96 = "
         "a day at 15 min; 0 = none)"},
        {"n_estimators", T::integer, 200, 1, 5000, {}, "boosting rounds (trees)"},
        {"max_depth", T::integer, 6, 1, 32, {}, "tree depth limit"},
        {"learning_rate", T::number, 0.1, 1e-6, 1, {}, "shrinkage (eta)"},
        {"min_child_weight", T::number, 20, 0, 1e6, {}, "least rows per leaf (squared error)"},
        {"subsample", T::number, 0.8, 0.1, 1, {}, "share of rows each tree sees (seeded)"},
        {"clip", T::boolean, true, {}, {}, {}, "clip estimates to [0, total]"},
    };
    return specs;
}

GradientBoostingDisaggregator::GradientBoostingDisaggregator()
    : Disaggregator(k_name, param_specs()) {
    configure(nullptr);
}

GradientBoostingDisaggregator::~GradientBoostingDisaggregator() = default;

void GradientBoostingDisaggregator::apply_params(const nlohmann::json& p) {
    total_ = p.at("total_channel").get<std::string>();
    component_ = p.at("component_channel").get<std::string>();
    temperature_ = p.at("temperature_channel").get<std::string>();
    if (total_.empty() || component_.empty() || total_ == component_)
        throw InvalidInputError(fmt::format(
            "{}: total_channel '{}' and component_channel '{}' must be two named channels", name(),
            total_, component_));
    half_window_ = p.at("half_window").get<int>();
    day_window_ = p.at("day_window").get<int>();
    n_estimators_ = p.at("n_estimators").get<int>();
    max_depth_ = p.at("max_depth").get<int>();
    learning_rate_ = p.at("learning_rate").get<double>();
    min_child_weight_ = p.at("min_child_weight").get<double>();
    subsample_ = p.at("subsample").get<double>();
    clip_ = p.at("clip").get<bool>();
}

void GradientBoostingDisaggregator::do_fit(std::span<const UnitFrame> units,
                                           const ModelContext& ctx) {
    step_ms_ = units.front().step();
    for (const UnitFrame& u : units)
        if (u.step() != step_ms_)
            throw InvalidInputError(fmt::format(
                "{}: unit {} is on a {} grid and unit {} on a {} grid; train on one resolution",
                name(), units.front().unit_id(), format_duration(step_ms_), u.unit_id(),
                format_duration(u.step())));
    std::vector<float> x, y;
    std::size_t cols = 0;
    for (const UnitFrame& u : units) {
        const auto f = features(name(), u, total_, temperature_, half_window_, day_window_, cols);
        const auto& target = u.at(component_).values;
        const auto& total = u.at(total_).values;
        for (std::size_t i = 0; i < u.rows(); ++i) {
            if (std::isnan(target[i]) || std::isnan(total[i])) continue;
            x.insert(x.end(), f.begin() + static_cast<std::ptrdiff_t>(i * cols),
                     f.begin() + static_cast<std::ptrdiff_t>((i + 1) * cols));
            y.push_back(static_cast<float>(target[i]));
        }
    }
    if (y.size() < 10)
        throw InvalidInputError(fmt::format(
            "{}: only {} training rows with both {} and {} present in {} unit(s); need 10", name(),
            y.size(), total_, component_, units.size()));
    const std::map<std::string, std::string> params{
        {"tree_method", "hist"},
        {"max_depth", std::to_string(max_depth_)},
        {"min_child_weight", fmt::format("{}", min_child_weight_)},
        {"eta", fmt::format("{}", learning_rate_)},
        {"subsample", fmt::format("{}", subsample_)},
        {"objective", "reg:squarederror"},
        {"seed", std::to_string(ctx.seed % 2'147'483'647)},
        {"nthread", std::to_string(ctx.threads)},
        {"verbosity", "0"}};
    booster_ = std::make_unique<detail::XgbRegressor>();
    booster_->train(x, cols, y, params, n_estimators_);
}

std::vector<double> GradientBoostingDisaggregator::do_predict(const UnitFrame& unit) const {
    if (unit.step() != step_ms_)
        throw InvalidInputError(fmt::format(
            "{}: unit {} is on a {} grid, but the model was trained on {} data; resample it or "
            "use a model trained at that resolution",
            name(), unit.unit_id(), format_duration(unit.step()), format_duration(step_ms_)));
    std::size_t cols = 0;
    const auto x = features(name(), unit, total_, temperature_, half_window_, day_window_, cols);
    const auto p = booster_->predict(x, cols, context().threads);
    const auto& total = unit.at(total_).values;
    std::vector<double> out(unit.rows(), k_missing);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (std::isnan(total[i])) continue;  // no total, no estimate of its share
        out[i] = p[i];
        if (clip_) out[i] = std::clamp(out[i], 0.0, std::max(0.0, total[i]));
    }
    return out;
}

nlohmann::json GradientBoostingDisaggregator::save_state() const {
    return {{"step_ms", step_ms_}, {"booster", booster_->save()}};
}

void GradientBoostingDisaggregator::load_state(const nlohmann::json& state) {
    if (!state.is_object() || !state.contains("booster") || !state["booster"].is_string() ||
        !state.contains("step_ms") || !state["step_ms"].is_number_integer() ||
        state["step_ms"].get<std::int64_t>() <= 0)
        throw InvalidInputError(fmt::format(
            "{} model document: state needs booster (the booster's text) and step_ms (the "
            "training grid's step, ms)",
            name()));
    step_ms_ = state["step_ms"].get<std::int64_t>();
    auto b = std::make_unique<detail::XgbRegressor>();
    b->load(state["booster"].get<std::string>());
    booster_ = std::move(b);
}

}  // namespace heatloop::models
