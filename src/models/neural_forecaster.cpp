#include "heatloop/models/neural_forecaster.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <vector>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"
#include "heatloop/nn/sequence_regressor.hpp"
#include "models/series.hpp"

namespace heatloop::models {

std::span<const ParamSpec> neural_forecaster_param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = [] {
        std::vector<ParamSpec> v = {
            {.name = "target",
             .type = T::string,
             .default_value = "t_tank_mid",
             .description = "the channel to forecast"},
            {"horizon",
             T::integer,
             1,
             1,
             1440,
             {},
             "steps ahead forecast (direct: one output per step, 1..horizon)"},
            {"window",
             T::duration,
             "1h",
             1,
             7.0 * 86'400'000,
             {},
             "rows of features the network reads up to the issue time (a whole number of grid "
             "steps)"},
            {"hidden", T::integer, 50, 1, 1024, {}, "LSTM units (per direction)"},
            {"epochs", T::integer, 50, 1, 1000, {}, "training epochs at most"},
            {"patience",
             T::integer,
             5,
             1,
             1000,
             {},
             "stop after this many epochs without a better validation loss (the best epoch's "
             "weights are kept; the learning rate halves every 2 epochs without one)"},
            {"batch_size", T::integer, 72, 1, 65536, {}, "windows per gradient step"},
            {"learning_rate", T::number, 1e-3, 1e-6, 1, {}, "Adam learning rate"},
            {"validation_fraction",
             T::number,
             0.15,
             0.01,
             0.5,
             {},
             "the last share of each unit's training windows, for early stopping"},
            {"max_windows",
             T::integer,
             0,
             0,
             100'000'000,
             {},
             "training windows per epoch, drawn afresh each epoch (0 = all)"},
            {"seed",
             T::integer,
             0,
             0,
             1e9,
             {},
             "combined with the run's seed for the initial weights and the window order"},
        };
        for (const ParamSpec& p : lag_feature_param_specs()) v.push_back(p);
        return v;
    }();
    return specs;
}

namespace {

// A unit's network inputs: each row's lag/calendar features as of that row (horizon 0: lag L
// of channel c is c[t - L]) and the targets of the window ending there (target[t + k], k =
// 1..horizon), as floats, NaN = missing.
struct Rows {
    std::size_t steps = 0, features = 0;
    std::vector<float> x, y;
};

Rows unit_rows(std::string_view model, const UnitFrame& unit, const LagFeatureSpec& spec,
               const std::string& target, std::size_t horizon, bool with_targets) {
    const FeatureMatrix m = lag_features(model, unit, spec, 0);
    Rows r;
    r.steps = unit.rows();
    r.features = m.names.size();
    r.x.assign(m.values.begin(), m.values.end());
    if (!with_targets) return r;
    const auto& y = detail::require_channel(model, unit, target);
    r.y.assign(r.steps * horizon, std::numeric_limits<float>::quiet_NaN());
    for (std::size_t t = 0; t < r.steps; ++t)
        for (std::size_t k = 1; k <= horizon && t + k < r.steps; ++k)
            r.y[t * horizon + k - 1] = static_cast<float>(y[t + k]);
    return r;
}

}  // namespace

NeuralForecaster::NeuralForecaster(std::string_view name, std::span<const ParamSpec> specs,
                                   std::string_view architecture)
    : Forecaster(name, specs), architecture_(architecture) {}

NeuralForecaster::~NeuralForecaster() = default;

void NeuralForecaster::apply_params(const nlohmann::json& p) {
    target_ = p.at("target").get<std::string>();
    horizon_ = p.at("horizon").get<std::size_t>();
    hidden_ = p.at("hidden").get<int>();
    epochs_ = p.at("epochs").get<int>();
    patience_ = p.at("patience").get<int>();
    batch_size_ = p.at("batch_size").get<int>();
    learning_rate_ = p.at("learning_rate").get<double>();
    validation_fraction_ = p.at("validation_fraction").get<double>();
    max_windows_ = p.at("max_windows").get<int>();
    seed_ = p.at("seed").get<std::uint64_t>();
    features_ = LagFeatureSpec::from_params(name(), p);
    if (features_.lag_channels.empty() && features_.current.empty() && features_.calendar.empty())
        throw InvalidInputError(fmt::format(
            "{}: no features (lag_channels, current and calendar are all empty)", name()));
    net_.reset();
}

void NeuralForecaster::make_net() {
    nn::RegressorSpec spec;
    spec.architecture = nn::parse_regressor_architecture(architecture_);
    spec.features = static_cast<int>(feature_count_);
    spec.outputs = static_cast<int>(horizon_);
    spec.window = window_rows_;
    spec.hidden = hidden_;
    net_ = std::make_unique<nn::SequenceRegressor>(spec, derive_seed(context().seed, seed_));
}

void NeuralForecaster::do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) {
    require_live_features(name(), units, features_, target_);
    const UnitFrame& first = units.front();
    step_ms_ = first.step();
    window_rows_ = static_cast<int>(duration_rows("window", first));
    std::vector<Rows> rows;
    for (const UnitFrame& u : units) {
        if (u.step() != step_ms_)
            throw InvalidInputError(fmt::format(
                "{}: unit {} has {} steps, unit {} {}: the network reads windows of rows on one "
                "grid (resample the units to one step)",
                name(), u.unit_id(), format_duration(u.step()), first.unit_id(),
                format_duration(step_ms_)));
        rows.push_back(unit_rows(name(), u, features_, target_, horizon_, true));
    }
    feature_count_ = rows.front().features;
    make_net();
    nn::RegressorTrainOptions o;
    o.epochs = epochs_;
    o.patience = patience_;
    o.learning_rate = learning_rate_;
    o.batch_size = batch_size_;
    o.validation_fraction = validation_fraction_;
    o.max_windows = static_cast<std::size_t>(max_windows_);
    o.seed = derive_seed(derive_seed(ctx.seed, seed_), 1);
    // One intra-op thread, as self_supervised: small batches gain little from more, and
    // torch's OpenMP threads spin while waiting (crawls on busy cores); prediction splits its
    // batches over ctx.threads.
    o.threads = 1;
    std::vector<nn::RegressionSeries> series;
    for (const Rows& r : rows) series.push_back({r.x, r.y, r.steps});
    nn::TrainReport r;
    try {
        r = net_->train(series, o);
    } catch (const InvalidInputError& e) {
        throw InvalidInputError(fmt::format("{}: {} (units {}, first {}; window {} rows)", name(),
                                            e.what(), units.size(), first.unit_id(), window_rows_));
    }
    report_ = {{"epochs", r.epochs},
               {"best_epoch", r.best_epoch},
               {"best_validation_loss", r.best_validation_loss},
               {"train_windows", r.train_windows},
               {"validation_windows", r.validation_windows},
               {"train_loss", r.train_loss},
               {"validation_loss", r.validation_loss},
               {"seconds", r.seconds},
               {"seconds_per_epoch", r.epochs > 0 ? r.seconds / r.epochs : 0.0}};
}

Forecast NeuralForecaster::do_predict(const UnitFrame& unit) const {
    if (unit.step() != step_ms_)
        throw InvalidInputError(
            fmt::format("{}: unit {} has {} steps; the model was trained on {} steps", name(),
                        unit.unit_id(), format_duration(unit.step()), format_duration(step_ms_)));
    const Rows r = unit_rows(name(), unit, features_, target_, horizon_, false);
    if (r.features != feature_count_)
        throw InvalidInputError(
            fmt::format("{} model document: the params give {} features, the network reads {}",
                        name(), r.features, feature_count_));
    const std::vector<float> p = net_->predict(r.x, r.steps, context().threads);
    Forecast f;
    f.target = target_;
    // Output k of the window ending at row t forecasts row t + k (issued from data up to t).
    f.by_step.assign(horizon_, std::vector<double>(r.steps, k_missing));
    for (std::size_t t = 0; t < r.steps; ++t)
        for (std::size_t k = 1; k <= horizon_ && t + k < r.steps; ++k) {
            const float v = p[t * horizon_ + k - 1];
            if (!std::isnan(v)) f.by_step[k - 1][t + k] = v;
        }
    return f;
}

nlohmann::json NeuralForecaster::save_state() const {
    return {{"features", feature_count_},
            {"window_rows", window_rows_},
            {"step_ms", step_ms_},
            {"training", report_}};
}

void NeuralForecaster::load_state(const nlohmann::json& state) {
    if (!state.is_object() || !state.contains("features") || !state.contains("window_rows") ||
        !state.contains("step_ms") || !state["features"].is_number_unsigned() ||
        !state["window_rows"].is_number_integer() || !state["step_ms"].is_number_integer())
        throw InvalidInputError(fmt::format(
            "{} model document: state needs features, window_rows and step_ms (numbers)", name()));
    feature_count_ = state["features"].get<std::size_t>();
    window_rows_ = state["window_rows"].get<int>();
    step_ms_ = state["step_ms"].get<std::int64_t>();
    report_ = state.value("training", nlohmann::json::object());
    if (feature_count_ < 1 || feature_count_ > 100'000 || window_rows_ < 1 ||
        window_rows_ > 1'000'000 || step_ms_ <= 0)
        throw InvalidInputError(
            fmt::format("{} model document: inconsistent state ({} features, window {} rows, "
                        "step {} ms)",
                        name(), feature_count_, window_rows_, step_ms_));
    make_net();
}

std::string NeuralForecaster::save_binary() const {
    return net_->save();
}

void NeuralForecaster::load_binary(std::string_view bytes) {
    if (bytes.empty())
        throw InvalidInputError(fmt::format(
            "{} model document: the network weights (the side file, model.bin) are missing",
            name()));
    net_->load(bytes);
}

}  // namespace heatloop::models
