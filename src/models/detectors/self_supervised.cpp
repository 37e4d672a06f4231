#include "heatloop/models/detectors/self_supervised.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "heatloop/core/error.hpp"
#include "heatloop/core/quantile.hpp"
#include "heatloop/core/random.hpp"
#include "heatloop/nn/sequence_net.hpp"

namespace heatloop::models {

std::span<const ParamSpec> SelfSupervisedDetector::param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = {
        {.name = "architecture",
         .type = T::string,
         .default_value = "tcn",
         .choices = {"lstm", "tcn"},
         .description = "lstm: an LSTM reads the window; tcn: causal dilated convolutions "
                        "(blocks added until the receptive field covers the window)"},
        {"channels",
         T::string_list,
         {"t_outdoor", "t_supply", "t_return", "t_tank_top", "t_tank_mid", "t_indoor", "t_brine_in",
          "t_brine_out", "compressor_power", "heat_output", "compressor_on", "aux_heater_power"},
         1,
         64,
         {},
         "channels the network reads and predicts; those in no training unit are left out, a "
         "unit without one sees it hidden"},
        {"metadata",
         T::string_list,
         {"type", "emitter"},
         0,
         16,
         {},
         "unit metadata (units.csv columns) given to the network, one-hot over the training "
         "units' values"},
        {"mode_input",
         T::boolean,
         true,
         0,
         1,
         {},
         "the operating-mode shares of each step (off, space heating, hot water, defrost) "
         "are inputs"},
        {"time_of_day", T::boolean, true, 0, 1, {}, "hour of day (sin, cos) is an input"},
        {"resolution",
         T::duration,
         "10min",
         1,
         86'400'000,
         {},
         "the network's step: channels are block means over this span; a row's score is "
         "that of the last complete block (at least one grid step: on a coarser grid each "
         "row is one step)"},
        {"window",
         T::duration,
         "3h",
         1,
         7.0 * 86'400'000,
         {},
         "recent past the network reads (a whole number of resolution steps, at least 2)"},
        {"smoothing",
         T::duration,
         "1h",
         1,
         7.0 * 86'400'000,
         {},
         "trailing mean of each channel's standardised residual (a whole number of "
         "resolution steps)"},
        {.name = "combine",
         .type = T::string,
         .default_value = "max",
         .choices = {"max", "rms"},
         .description = "score from the channels' standardised residuals: max: the largest "
                        "magnitude (one drifting channel shows fully); rms: their root mean "
                        "square"},
        {"hidden", T::integer, 32, 2, 1024, {}, "LSTM hidden size / TCN channels"},
        {"layers", T::integer, 1, 1, 4, {}, "LSTM layers (the TCN sizes itself to the window)"},
        {"epochs", T::integer, 20, 1, 1000, {}, "training epochs at most"},
        {"patience",
         T::integer,
         4,
         1,
         1000,
         {},
         "stop after this many epochs without a better validation loss (the best epoch's "
         "weights are kept; the learning rate halves every 2 epochs without one)"},
        {"learning_rate", T::number, 3e-3, 1e-6, 1, {}, "Adam learning rate"},
        {"batch_size", T::integer, 128, 1, 65536, {}, "windows per gradient step"},
        {"max_windows",
         T::integer,
         8192,
         0,
         100'000'000,
         {},
         "training windows per epoch, drawn afresh each epoch (0 = all)"},
        {"validation_fraction",
         T::number,
         0.2,
         0.01,
         0.5,
         {},
         "the last share of each unit's training windows, for early stopping"},
        {"mask_probability",
         T::number,
         0.3,
         0.01,
         1,
         {},
         "chance that a channel is hidden for a whole training window (half the windows "
         "also hide every channel's last step: next-step prediction)"},
        {"seed",
         T::integer,
         0,
         0,
         1e9,
         {},
         "combined with the run's seed for the initial weights, window order and masks"},
    };
    return specs;
}

namespace {

constexpr std::string_view k_mode_channel = "mode";
constexpr int k_modes = 4;  // off, space heating, hot water, defrost

// Root mean square of the present values, floored so a perfectly predicted channel does not
// divide by zero.
double rms_floor(const std::vector<double>& v, double floor) {
    double n = 0, sq = 0;
    for (double x : v)
        if (!is_missing(x)) {
            n += 1;
            sq += x * x;
        }
    return n > 0 ? std::max(std::sqrt(sq / n), floor) : 1.0;
}

}  // namespace

struct SelfSupervisedDetector::Coarse {
    std::size_t steps = 0, rows_per_step = 1;
    std::vector<float> values;      // steps x C, normalised, NaN = missing
    std::vector<float> covariates;  // steps x K
    nn::SeriesView view() const { return {values, covariates, steps}; }
};

SelfSupervisedDetector::SelfSupervisedDetector() : Detector(k_name, param_specs()) {
    configure(nullptr);
}

SelfSupervisedDetector::~SelfSupervisedDetector() = default;

void SelfSupervisedDetector::apply_params(const nlohmann::json& p) {
    architecture_ = p.at("architecture").get<std::string>();
    configured_ = p.at("channels").get<std::vector<std::string>>();
    metadata_keys_ = p.at("metadata").get<std::vector<std::string>>();
    use_mode_ = p.at("mode_input").get<bool>();
    use_time_ = p.at("time_of_day").get<bool>();
    combine_max_ = p.at("combine").get<std::string>() == "max";
    hidden_ = p.at("hidden").get<int>();
    layers_ = p.at("layers").get<int>();
    epochs_ = p.at("epochs").get<int>();
    patience_ = p.at("patience").get<int>();
    learning_rate_ = p.at("learning_rate").get<double>();
    batch_size_ = p.at("batch_size").get<int>();
    max_windows_ = p.at("max_windows").get<int>();
    validation_fraction_ = p.at("validation_fraction").get<double>();
    mask_probability_ = p.at("mask_probability").get<double>();
    seed_ = p.at("seed").get<std::uint64_t>();
    const std::set<std::string> distinct(configured_.begin(), configured_.end());
    if (distinct.size() != configured_.size())
        throw InvalidInputError(fmt::format("{}: channels lists a channel twice ({})", name(),
                                            fmt::join(configured_, ", ")));
    if (distinct.count(std::string(k_mode_channel)))
        throw InvalidInputError(fmt::format(
            "{}: mode is not a channel to predict (mode_input = true makes it an input)", name()));
    net_.reset();
}

std::vector<SelfSupervisedDetector::Stats> SelfSupervisedDetector::unit_stats(
    const UnitFrame& unit) const {
    std::vector<Stats> out;
    for (const std::string& c : channels_) {
        const Channel* ch = unit.find(c);
        const double center = ch ? mean(ch->values) : k_missing;
        const double sd = ch ? stddev(ch->values) : k_missing;
        out.push_back({center, is_missing(sd) ? k_missing : (sd > 1e-9 ? sd : 1.0)});
    }
    return out;
}

SelfSupervisedDetector::Coarse SelfSupervisedDetector::coarse(
    const UnitFrame& unit, const std::vector<Stats>* stats) const {
    if (unit.step() <= 0 || resolution_ms_ % unit.step() != 0)
        throw InvalidInputError(fmt::format(
            "{}: unit {}'s {} step does not divide the model's resolution {}", name(),
            unit.unit_id(), format_duration(unit.step()), format_duration(resolution_ms_)));
    const std::vector<Stats> own = stats ? std::vector<Stats>{} : unit_stats(unit);
    const std::vector<Stats>& st = stats ? *stats : own;
    Coarse out;
    out.rows_per_step = static_cast<std::size_t>(resolution_ms_ / unit.step());
    const std::size_t k = out.rows_per_step, n = unit.rows() / k, nc = channels_.size();
    out.steps = n;
    out.values.assign(n * nc, std::numeric_limits<float>::quiet_NaN());
    for (std::size_t c = 0; c < nc; ++c) {
        const Channel* ch = unit.find(channels_[c]);
        if (!ch || is_missing(st[c].scale)) continue;
        for (std::size_t j = 0; j < n; ++j) {
            double sum = 0;
            std::size_t present = 0;
            for (std::size_t i = j * k; i < (j + 1) * k; ++i)
                if (!is_missing(ch->values[i])) {
                    sum += ch->values[i];
                    ++present;
                }
            if (2 * present >= k && present > 0)
                out.values[j * nc + c] = static_cast<float>(
                    (sum / static_cast<double>(present) - st[c].center) / st[c].scale);
        }
    }
    std::size_t nk = (use_mode_ ? k_modes : 0) + (use_time_ ? 2 : 0);
    for (const auto& [key, values] : vocabulary_) nk += values.size();
    out.covariates.assign(n * nk, 0.0f);
    const Channel* mode = use_mode_ ? unit.find(k_mode_channel) : nullptr;
    std::vector<float> onehot;  // the unit's metadata, the same every step
    for (const auto& [key, values] : vocabulary_) {
        auto it = unit.attributes().find(key);
        for (const std::string& v : values)
            onehot.push_back(it != unit.attributes().end() && it->second == v ? 1.0f : 0.0f);
    }
    constexpr double k_two_pi = 6.283185307179586;
    for (std::size_t j = 0; j < n; ++j) {
        float* cov = out.covariates.data() + j * nk;
        std::size_t col = 0;
        if (use_mode_) {
            if (mode) {
                std::size_t present = 0;
                for (std::size_t i = j * k; i < (j + 1) * k; ++i) {
                    const double m = mode->values[i];
                    if (is_missing(m) || m < 0 || m >= k_modes) continue;
                    cov[static_cast<std::size_t>(m)] += 1.0f;
                    ++present;
                }
                for (int m = 0; m < k_modes; ++m)
                    cov[m] = present ? cov[m] / static_cast<float>(present) : 0.0f;
            }
            col += k_modes;
        }
        if (use_time_) {
            const Timestamp t = unit.time()[j * k];
            const double day = static_cast<double>(((t % k_day_ms) + k_day_ms) % k_day_ms) /
                               static_cast<double>(k_day_ms);
            cov[col++] = static_cast<float>(std::sin(k_two_pi * day));
            cov[col++] = static_cast<float>(std::cos(k_two_pi * day));
        }
        std::copy(onehot.begin(), onehot.end(), cov + col);
    }
    return out;
}

void SelfSupervisedDetector::make_net() {
    std::size_t covariates = (use_mode_ ? k_modes : 0) + (use_time_ ? 2 : 0);
    for (const auto& [key, values] : vocabulary_) covariates += values.size();
    nn::NetSpec spec;
    spec.architecture = nn::parse_architecture(architecture_);
    spec.channels = static_cast<int>(channels_.size());
    spec.covariates = static_cast<int>(covariates);
    spec.window = window_steps_;
    spec.hidden = hidden_;
    spec.layers = layers_;
    net_ = std::make_unique<nn::SequenceNet>(spec, derive_seed(context().seed, seed_));
}

void SelfSupervisedDetector::do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) {
    // Grid: the network's step and window, whole multiples of every unit's step.
    const UnitFrame& first = units.front();
    // The resolution on this grid: a whole number of steps, at least one (on a grid coarser
    // than the resolution, each row is one network step).
    const Duration step = first.step();
    if (step <= 0)
        throw InvalidInputError(
            fmt::format("{}: unit {} has no regular time grid", name(), first.unit_id()));
    const Duration resolution =
        DurationParam::parse(params().at("resolution").get<std::string>()).on_grid(step);
    if (resolution > step && resolution % step != 0)
        throw InvalidInputError(fmt::format(
            "{}: resolution = {} is not a whole number of unit {}'s {} steps", name(),
            params().at("resolution").get<std::string>(), first.unit_id(), format_duration(step)));
    resolution_ms_ = std::max(resolution, step);
    const auto steps_of = [&](const char* param) {
        const Duration d = static_cast<Duration>(duration_rows(param, first)) * first.step();
        if (d % resolution_ms_ != 0)
            throw InvalidInputError(fmt::format(
                "{}: {} = {} is not a whole number of resolution steps ({})", name(), param,
                params().at(param).get<std::string>(), format_duration(resolution_ms_)));
        return static_cast<int>(d / resolution_ms_);
    };
    window_steps_ = steps_of("window");
    smoothing_steps_ = steps_of("smoothing");
    if (window_steps_ < 2)
        throw InvalidInputError(
            fmt::format("{}: window = {} holds {} resolution step(s) of {}; "
                        "need at least 2",
                        name(), params().at("window").get<std::string>(), window_steps_,
                        format_duration(resolution_ms_)));

    // Channels: configured ones some training unit has; each must have data somewhere.
    channels_.clear();
    for (const std::string& c : configured_) {
        bool column = false, data = false;
        for (const UnitFrame& u : units)
            if (const Channel* ch = u.find(c)) {
                column = true;
                data = data || count_present(ch->values) > 0;
            }
        if (!column) continue;
        if (!data) {
            std::vector<std::string> ids;
            for (const UnitFrame& u : units) ids.push_back(u.unit_id());
            throw InvalidInputError(fmt::format(
                "{}: channel {} is all missing in the training data (units {}): leave it out of "
                "[model.params] channels or train on units with data for it",
                name(), c, fmt::join(ids, ", ")));
        }
        channels_.push_back(c);
    }
    if (channels_.empty())
        throw InvalidInputError(fmt::format(
            "{}: none of the channels ({}) is in the training units (channels of {}: {})", name(),
            fmt::join(configured_, ", "), first.unit_id(), fmt::join(first.channel_names(), ", ")));

    vocabulary_.clear();
    for (const std::string& key : metadata_keys_) {
        std::set<std::string> values;
        for (const UnitFrame& u : units)
            if (auto it = u.attributes().find(key); it != u.attributes().end())
                values.insert(it->second);
        vocabulary_[key] = std::vector<std::string>(values.begin(), values.end());
    }
    unit_stats_.clear();
    std::vector<Coarse> series;
    for (const UnitFrame& u : units) {
        std::vector<Stats> st = unit_stats(u);
        series.push_back(coarse(u, &st));
        unit_stats_[u.unit_id()] = std::move(st);
    }

    make_net();
    nn::TrainOptions o;
    o.epochs = epochs_;
    o.patience = patience_;
    o.learning_rate = learning_rate_;
    o.batch_size = batch_size_;
    o.validation_fraction = validation_fraction_;
    o.mask_probability = mask_probability_;
    o.max_windows = static_cast<std::size_t>(max_windows_);
    o.seed = derive_seed(derive_seed(ctx.seed, seed_), 1);
    // Training runs on one intra-op thread: the small batches gain little from more, and
    // torch's OpenMP threads spin while waiting (a 2-thread fit crawled on busy cores);
    // scoring splits its per-channel passes over ctx.threads.
    o.threads = 1;
    std::vector<nn::SeriesView> views;
    for (const Coarse& c : series) views.push_back(c.view());
    nn::TrainReport r;
    try {
        r = net_->train(views, o);
    } catch (const InvalidInputError& e) {
        throw InvalidInputError(fmt::format("{}: {}", name(), e.what()));
    }
    report_ = {{"epochs", r.epochs},
               {"best_epoch", r.best_epoch},
               {"best_validation_loss", r.best_validation_loss},
               {"train_windows", r.train_windows},
               {"validation_windows", r.validation_windows},
               {"train_loss", r.train_loss},
               {"validation_loss", r.validation_loss},
               {"seconds", r.seconds}};

    // Standardise: each channel's residual, then its smoothed residual, by the training RMS.
    const std::size_t nc = channels_.size();
    residual_scale_.assign(nc, 1.0);
    smoothed_scale_.assign(nc, 1.0);
    std::vector<std::vector<std::vector<double>>> raw;
    for (const Coarse& c : series) {
        raw.push_back(residuals(c));
        const std::size_t warm = std::min(c.steps, static_cast<std::size_t>(window_steps_ - 1));
        for (auto& channel : raw.back())
            std::fill(channel.begin(), channel.begin() + static_cast<std::ptrdiff_t>(warm),
                      k_missing);
    }
    for (std::size_t k = 0; k < nc; ++k) {
        std::vector<double> all;
        for (const auto& r_unit : raw) all.insert(all.end(), r_unit[k].begin(), r_unit[k].end());
        residual_scale_[k] = rms_floor(all, 1e-3);
    }
    std::vector<double> smooth_all(nc);
    std::vector<std::vector<double>> per_channel(nc);
    for (auto& r_unit : raw) {
        for (std::size_t k = 0; k < nc; ++k)
            for (double& v : r_unit[k]) v /= residual_scale_[k];
        const auto s = smoothed(r_unit);
        for (std::size_t k = 0; k < nc; ++k)
            per_channel[k].insert(per_channel[k].end(), s[k].begin(), s[k].end());
    }
    for (std::size_t k = 0; k < nc; ++k) smoothed_scale_[k] = rms_floor(per_channel[k], 1e-3);
}

std::vector<std::vector<double>> SelfSupervisedDetector::residuals(const Coarse& c) const {
    const std::size_t nc = channels_.size();
    const std::vector<float> pred = net_->predict_masked(c.view(), context().threads);
    std::vector<std::vector<double>> r(nc, std::vector<double>(c.steps, k_missing));
    for (std::size_t j = 0; j < c.steps; ++j)
        for (std::size_t k = 0; k < nc; ++k) {
            const float y = c.values[j * nc + k];
            if (!std::isnan(y)) r[k][j] = static_cast<double>(y) - pred[j * nc + k];
        }
    return r;
}

std::vector<std::vector<double>> SelfSupervisedDetector::smoothed(
    const std::vector<std::vector<double>>& z) const {
    const auto w = static_cast<std::size_t>(smoothing_steps_);
    std::vector<std::vector<double>> out(z.size());
    for (std::size_t k = 0; k < z.size(); ++k) {
        const std::vector<double>& v = z[k];
        out[k].assign(v.size(), k_missing);
        double sum = 0;
        std::size_t n = 0;
        for (std::size_t j = 0; j < v.size(); ++j) {
            if (!is_missing(v[j])) sum += v[j], ++n;
            if (j >= w && !is_missing(v[j - w])) sum -= v[j - w], --n;
            if (n > 0 && !is_missing(v[j])) out[k][j] = sum / static_cast<double>(n);
        }
    }
    return out;
}

DetectorOutput SelfSupervisedDetector::do_score_with_channels(const UnitFrame& unit) const {
    if (std::none_of(channels_.begin(), channels_.end(),
                     [&](const std::string& c) { return unit.find(c) != nullptr; }))
        throw InvalidInputError(fmt::format(
            "{}: unit {} has no channel of the model ({}); its channels: {}", name(),
            unit.unit_id(), fmt::join(channels_, ", "), fmt::join(unit.channel_names(), ", ")));
    // A training unit keeps its training normalisation; another unit is normalised by its own
    // statistics over the frame scored.
    auto known = unit_stats_.find(unit.unit_id());
    const Coarse c = coarse(unit, known != unit_stats_.end() ? &known->second : nullptr);
    const std::size_t nc = channels_.size();
    std::vector<std::vector<double>> z = residuals(c);
    // The first window_steps - 1 steps have no full history yet: not scored.
    const std::size_t warm = std::min(c.steps, static_cast<std::size_t>(window_steps_ - 1));
    for (std::size_t k = 0; k < nc; ++k) {
        std::fill(z[k].begin(), z[k].begin() + static_cast<std::ptrdiff_t>(warm), k_missing);
        for (double& v : z[k]) v /= residual_scale_[k];
    }
    std::vector<std::vector<double>> s = smoothed(z);
    for (std::size_t k = 0; k < nc; ++k)
        for (double& v : s[k]) v /= smoothed_scale_[k];

    std::vector<double> coarse_score(c.steps, k_missing);
    for (std::size_t j = 0; j < c.steps; ++j) {
        double best = 0, sq = 0;
        std::size_t n = 0;
        for (std::size_t k = 0; k < nc; ++k)
            if (!is_missing(s[k][j])) {
                best = std::max(best, std::abs(s[k][j]));
                sq += s[k][j] * s[k][j];
                ++n;
            }
        if (n) coarse_score[j] = combine_max_ ? best : std::sqrt(sq / static_cast<double>(n));
    }
    // Row i gets the last block complete at it: block (i + 1) / k - 1 (causal).
    const std::size_t k_rows = c.rows_per_step;
    auto to_rows = [&](const std::vector<double>& blocks) {
        std::vector<double> rows(unit.rows(), k_missing);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const std::size_t b = (i + 1) / k_rows;
            if (b == 0 || blocks.empty()) continue;
            rows[i] = blocks[std::min(b, blocks.size()) - 1];
        }
        return rows;
    };
    DetectorOutput out;
    out.score = to_rows(coarse_score);
    for (std::size_t k = 0; k < nc; ++k)
        out.channels.push_back({"residual." + channels_[k], to_rows(s[k])});
    return out;
}

std::vector<double> SelfSupervisedDetector::do_score(const UnitFrame& unit) const {
    return do_score_with_channels(unit).score;
}

nlohmann::json SelfSupervisedDetector::save_state() const {
    auto number = [](double v) { return is_missing(v) ? nlohmann::json() : nlohmann::json(v); };
    nlohmann::json stats = nlohmann::json::object();
    for (const auto& [unit, st] : unit_stats_) {
        nlohmann::json a = nlohmann::json::array();
        for (const Stats& s : st) a.push_back({number(s.center), number(s.scale)});
        stats[unit] = std::move(a);
    }
    return {{"channels", channels_},
            {"vocabulary", vocabulary_},
            {"unit_stats", stats},
            {"residual_scale", residual_scale_},
            {"smoothed_scale", smoothed_scale_},
            {"resolution_ms", resolution_ms_},
            {"window_steps", window_steps_},
            {"smoothing_steps", smoothing_steps_},
            {"training", report_}};
}

void SelfSupervisedDetector::load_state(const nlohmann::json& state) {
    auto number = [](const nlohmann::json& v) { return v.is_null() ? k_missing : v.get<double>(); };
    channels_ = state.at("channels").get<std::vector<std::string>>();
    vocabulary_ = state.at("vocabulary").get<std::map<std::string, std::vector<std::string>>>();
    unit_stats_.clear();
    for (const auto& [unit, a] : state.at("unit_stats").items()) {
        std::vector<Stats> st;
        for (const auto& s : a) st.push_back({number(s.at(0)), number(s.at(1))});
        if (st.size() != channels_.size())
            throw InvalidInputError(
                fmt::format("{} model document: unit {} has {} statistics "
                            "for {} channels",
                            name(), unit, st.size(), channels_.size()));
        unit_stats_[unit] = std::move(st);
    }
    residual_scale_ = state.at("residual_scale").get<std::vector<double>>();
    smoothed_scale_ = state.at("smoothed_scale").get<std::vector<double>>();
    resolution_ms_ = state.at("resolution_ms").get<std::int64_t>();
    window_steps_ = state.at("window_steps").get<int>();
    smoothing_steps_ = state.at("smoothing_steps").get<int>();
    report_ = state.at("training");
    if (channels_.empty() || residual_scale_.size() != channels_.size() ||
        smoothed_scale_.size() != channels_.size() || resolution_ms_ <= 0 || window_steps_ < 2 ||
        smoothing_steps_ < 1)
        throw InvalidInputError(fmt::format(
            "{} model document: inconsistent state ({} channels, {} and {} scales, resolution "
            "{} ms, window {} steps, smoothing {} steps)",
            name(), channels_.size(), residual_scale_.size(), smoothed_scale_.size(),
            resolution_ms_, window_steps_, smoothing_steps_));
    make_net();
}

std::string SelfSupervisedDetector::save_binary() const {
    return net_->save();
}

void SelfSupervisedDetector::load_binary(std::string_view bytes) {
    if (bytes.empty())
        throw InvalidInputError(fmt::format(
            "{} model document: the network weights (the side file, model.bin) are missing",
            name()));
    net_->load(bytes);
}

}  // namespace heatloop::models
