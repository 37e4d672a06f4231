#include "heatloop/models/disaggregators/seq2point.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/nn/seq2point.hpp"
#include "models/disaggregators/day_stats.hpp"
#include "models/series.hpp"

namespace heatloop::models {

std::span<const ParamSpec> Seq2PointDisaggregator::param_specs() {
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
        {"window", T::integer, 33, 3, 1441, {}, "rows per window, odd (33 = 8 h 15 min at 15 min)"},
        {"day_window",
         T::integer,
         0,
         0,
         10'000,
         {},
         "rows of the centred window whose minimum of the total is subtracted for a further "
         "input, the total above the household's base load (96 = a day at 15 min; 0 = none: on the "
         "four shared homes it helped one and hurt the pooled R^2, docs/smartmeter.md)"},
        {"filters", T::integer, 16, 1, 256, {}, "channels of the convolutions"},
        {"kernel", T::integer, 5, 1, 31, {}, "convolution width, odd"},
        {"hidden", T::integer, 64, 1, 4096, {}, "units of the dense layer"},
        {"epochs", T::integer, 20, 1, 1000, {}, "training epochs at most"},
        {"patience", T::integer, 4, 1, 100, {}, "epochs without improvement before stopping"},
        {"learning_rate", T::number, 1e-3, 1e-6, 1, {}, "Adam's step size"},
        {"batch_size", T::integer, 128, 1, 65536, {}, "windows per step"},
        {"max_windows",
         T::integer,
         0,
         0,
         100'000'000,
         {},
         "training windows per epoch at most, sampled (0 = all)"},
        {"validation_fraction",
         T::number,
         0.15,
         0.01,
         0.5,
         {},
         "the last share of each unit's windows, for early stopping"},
        {"clip", T::boolean, true, {}, {}, {}, "clip estimates to [0, total]"},
    };
    return specs;
}

Seq2PointDisaggregator::Seq2PointDisaggregator() : Disaggregator(k_name, param_specs()) {
    configure(nullptr);
}

Seq2PointDisaggregator::~Seq2PointDisaggregator() = default;

void Seq2PointDisaggregator::apply_params(const nlohmann::json& p) {
    total_ = p.at("total_channel").get<std::string>();
    component_ = p.at("component_channel").get<std::string>();
    temperature_ = p.at("temperature_channel").get<std::string>();
    if (total_.empty() || component_.empty() || total_ == component_)
        throw InvalidInputError(fmt::format(
            "{}: total_channel '{}' and component_channel '{}' must be two named channels", name(),
            total_, component_));
    window_ = p.at("window").get<int>();
    kernel_ = p.at("kernel").get<int>();
    if (window_ % 2 == 0 || kernel_ % 2 == 0)
        throw InvalidInputError(
            fmt::format("{}: window {} and kernel {} must be odd (a window is centred on its row)",
                        name(), window_, kernel_));
    day_window_ = p.at("day_window").get<int>();
    filters_ = p.at("filters").get<int>();
    hidden_ = p.at("hidden").get<int>();
    epochs_ = p.at("epochs").get<int>();
    patience_ = p.at("patience").get<int>();
    learning_rate_ = p.at("learning_rate").get<double>();
    batch_size_ = p.at("batch_size").get<int>();
    max_windows_ = p.at("max_windows").get<std::size_t>();
    validation_fraction_ = p.at("validation_fraction").get<double>();
    clip_ = p.at("clip").get<bool>();
    net_.reset();
}

std::vector<float> Seq2PointDisaggregator::inputs(const UnitFrame& unit) const {
    const auto& total = detail::require_channel(name(), unit, total_);
    const std::vector<double>* temp =
        temperature_.empty() ? nullptr : &detail::require_channel(name(), unit, temperature_);
    const auto f = static_cast<std::size_t>(input_count());
    const detail::DayStats days =
        day_window_ > 0 ? detail::centred_day_stats(total, day_window_) : detail::DayStats{};
    std::vector<float> x(unit.rows() * f);
    for (std::size_t i = 0; i < unit.rows(); ++i) {
        x[i * f] = static_cast<float>(total[i]);
        if (day_window_ > 0) x[i * f + f - 1] = static_cast<float>(total[i] - days.min[i]);
        if (temp) x[i * f + 1] = static_cast<float>((*temp)[i]);  // missing: the training mean
    }
    return x;
}

void Seq2PointDisaggregator::do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) {
    step_ms_ = units.front().step();
    for (const UnitFrame& u : units)
        if (u.step() != step_ms_)
            throw InvalidInputError(fmt::format(
                "{}: unit {} is on a {} grid and unit {} on a {} grid; train on one resolution",
                name(), units.front().unit_id(), format_duration(step_ms_), u.unit_id(),
                format_duration(u.step())));
    std::vector<std::vector<float>> x, y;
    for (const UnitFrame& u : units) {
        x.push_back(inputs(u));
        const auto& target = u.at(component_).values;
        y.emplace_back(target.begin(), target.end());
    }
    std::vector<nn::Seq2PointSeries> series;
    for (std::size_t i = 0; i < units.size(); ++i) series.push_back({x[i], y[i], units[i].rows()});
    nn::Seq2PointSpec spec{input_count(), window_, filters_, kernel_, hidden_};
    net_ = std::make_unique<nn::Seq2Point>(spec, ctx.seed);
    nn::Seq2PointTrainOptions o;
    o.epochs = epochs_;
    o.patience = patience_;
    o.learning_rate = learning_rate_;
    o.batch_size = batch_size_;
    o.validation_fraction = validation_fraction_;
    o.max_windows = max_windows_;
    o.seed = ctx.seed;
    o.threads = 1;  // torch's OpenMP threads spin while waiting; prediction splits batches
    try {
        report_ = net_->train(series, o);
    } catch (const InvalidInputError& e) {
        throw InvalidInputError(fmt::format("{}: {}", name(), e.what()));
    }
}

std::vector<double> Seq2PointDisaggregator::do_predict(const UnitFrame& unit) const {
    if (unit.step() != step_ms_)
        throw InvalidInputError(fmt::format(
            "{}: unit {} is on a {} grid, but the model was trained on {} data; resample it or "
            "use a model trained at that resolution",
            name(), unit.unit_id(), format_duration(unit.step()), format_duration(step_ms_)));
    const auto x = inputs(unit);
    const auto p = net_->predict(x, unit.rows(), context().threads);
    const auto& total = unit.at(total_).values;
    std::vector<double> out(unit.rows(), k_missing);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (std::isnan(p[i])) continue;
        out[i] = p[i];
        if (clip_) out[i] = std::clamp(out[i], 0.0, std::max(0.0, total[i]));
    }
    return out;
}

nlohmann::json Seq2PointDisaggregator::save_state() const {
    return {{"step_ms", step_ms_},
            {"training",
             {{"epochs", report_.epochs},
              {"best_epoch", report_.best_epoch},
              {"best_validation_loss", report_.best_validation_loss},
              {"train_windows", report_.train_windows},
              {"validation_windows", report_.validation_windows}}}};
}

void Seq2PointDisaggregator::load_state(const nlohmann::json& state) {
    if (!state.is_object() || !state.contains("step_ms") || !state["step_ms"].is_number_integer() ||
        state["step_ms"].get<std::int64_t>() <= 0)
        throw InvalidInputError(fmt::format(
            "{} model document: state.step_ms must be the training grid's step (ms)", name()));
    step_ms_ = state["step_ms"].get<std::int64_t>();
    const nlohmann::json t = state.value("training", nlohmann::json::object());
    report_ = {};
    report_.epochs = t.value("epochs", 0);
    report_.best_epoch = t.value("best_epoch", 0);
    report_.best_validation_loss = t.value("best_validation_loss", 0.0);
    report_.train_windows = t.value("train_windows", std::size_t{0});
    report_.validation_windows = t.value("validation_windows", std::size_t{0});
}

std::string Seq2PointDisaggregator::save_binary() const {
    return net_->save();
}

void Seq2PointDisaggregator::load_binary(std::string_view bytes) {
    if (bytes.empty())
        throw InvalidInputError(fmt::format(
            "{} model document: the network weights (the side file, model.bin) are missing",
            name()));
    auto net = std::make_unique<nn::Seq2Point>(
        nn::Seq2PointSpec{input_count(), window_, filters_, kernel_, hidden_}, 0);
    net->load(bytes);
    net_ = std::move(net);
}

}  // namespace heatloop::models
