#include "heatloop/models/classifiers/cnn_classifier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"
#include "heatloop/nn/profile_classifier.hpp"

namespace heatloop::models {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
constexpr int k_channels = 3;

// Hourly means of a channel over whole UTC days from the unit's first day: hours x 1, NaN
// where an hour has no value.
struct Hourly {
    Timestamp first_day = 0;  // ms of the first UTC midnight
    std::vector<double> load, temp;
};

Hourly hourly(const UnitFrame& unit, const LoadFeatureOptions& o) {
    Hourly h;
    if (unit.rows() == 0) return h;
    const auto& time = unit.time();
    h.first_day = time.front() - ((time.front() % k_day_ms) + k_day_ms) % k_day_ms;
    const auto hours = static_cast<std::size_t>((time.back() - h.first_day) / k_hour_ms + 1);
    std::vector<double> ls(hours, 0), ln(hours, 0), ts(hours, 0), tn(hours, 0);
    const auto& load = unit.at(o.load_channel).values;
    const Channel* temp = unit.find(o.temperature_channel);
    for (std::size_t i = 0; i < unit.rows(); ++i) {
        const auto k = static_cast<std::size_t>((time[i] - h.first_day) / k_hour_ms);
        if (!std::isnan(load[i])) ls[k] += load[i], ln[k] += 1;
        if (temp && !std::isnan(temp->values[i])) ts[k] += temp->values[i], tn[k] += 1;
    }
    h.load.resize(hours), h.temp.resize(hours);
    for (std::size_t k = 0; k < hours; ++k) {
        h.load[k] = ln[k] > 0 ? ls[k] / ln[k] : k_nan;
        h.temp[k] = tn[k] > 0 ? ts[k] / tn[k] : k_nan;
    }
    return h;
}

// The household's level: the median of its daily mean loads (days with 18 hours or more).
double unit_level(const Hourly& h) {
    std::vector<double> days;
    for (std::size_t d = 0; (d + 1) * 24 <= h.load.size(); ++d) {
        double s = 0, n = 0;
        for (std::size_t k = d * 24; k < (d + 1) * 24; ++k)
            if (!std::isnan(h.load[k])) s += h.load[k], n += 1;
        if (n >= 18) days.push_back(s / n);
    }
    if (days.empty()) return k_nan;
    std::nth_element(days.begin(), days.begin() + static_cast<std::ptrdiff_t>(days.size() / 2),
                     days.end());
    return days[days.size() / 2];
}

}  // namespace

std::span<const ParamSpec> CnnClassifier::param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = [] {
        std::vector<ParamSpec> v = {
            {"window_days", T::integer, 1, 1, 7, {}, "days per profile (24 hourly steps a day)"},
            {"filters", T::integer, 16, 1, 256, {}, "convolution channels"},
            {"epochs", T::integer, 20, 1, 1000, {}, "training epochs at most"},
            {"patience",
             T::integer,
             4,
             1,
             100,
             {},
             "epochs without a better validation loss before stopping"},
            {"learning_rate", T::number, 3e-3, 1e-6, 1, {}, "Adam learning rate"},
            {"batch_size", T::integer, 64, 1, 4096, {}, "profiles per batch"},
            {"validation_share",
             T::number,
             0.2,
             0.05,
             0.5,
             {},
             "share of the training households (of each class, at least one) held out for early "
             "stopping"},
        };
        for (const ParamSpec& p : load_feature_param_specs())
            if (p.name != "base_temperature") v.push_back(p);
        return v;
    }();
    return specs;
}

CnnClassifier::CnnClassifier() : Classifier(k_name, param_specs()) {
    configure(nullptr);
}

CnnClassifier::~CnnClassifier() = default;

void CnnClassifier::apply_params(const nlohmann::json& p) {
    features_.load_channel = p.at("load_channel").get<std::string>();
    features_.temperature_channel = p.at("temperature_channel").get<std::string>();
    features_.min_coverage = p.at("min_coverage").get<double>();
    window_days_ = p.at("window_days").get<int>();
    filters_ = p.at("filters").get<int>();
    epochs_ = p.at("epochs").get<int>();
    patience_ = p.at("patience").get<int>();
    learning_rate_ = p.at("learning_rate").get<double>();
    batch_size_ = p.at("batch_size").get<int>();
    validation_share_ = p.at("validation_share").get<double>();
    net_.reset();
}

std::vector<float> CnnClassifier::profiles(const UnitFrame& unit,
                                           std::vector<Timestamp>& starts) const {
    monthly_load_features(unit, features_);  // names the unit when it lacks the load channel
    const Hourly h = hourly(unit, features_);
    const double level = unit_level(h);
    const std::size_t len = 24 * static_cast<std::size_t>(window_days_);
    std::vector<float> out;
    starts.clear();
    for (std::size_t w0 = 0; w0 + len <= h.load.size(); w0 += len) {
        std::size_t present = 0;
        for (std::size_t k = w0; k < w0 + len; ++k) present += !std::isnan(h.load[k]);
        if (present * 4 < len * 3) continue;  // a profile needs 3/4 of its hours
        const auto put = [&](double v) {
            out.push_back(std::isfinite(v) ? static_cast<float>(v) : 0.0f);
        };
        for (std::size_t k = w0; k < w0 + len; ++k)
            put((h.load[k] - scalers_.load_mean) / scalers_.load_sd);
        for (std::size_t k = w0; k < w0 + len; ++k)
            put(level > 0 ? h.load[k] / level - 1.0 : k_nan);
        for (std::size_t k = w0; k < w0 + len; ++k)
            put((h.temp[k] - scalers_.temp_mean) / scalers_.temp_sd);
        starts.push_back(h.first_day + static_cast<Timestamp>(w0) * k_hour_ms);
    }
    return out;
}

void CnnClassifier::do_fit(std::span<const UnitFrame> units, std::span<const double> targets,
                           const ModelContext& ctx) {
    // Scalers from the training households' hourly values.
    double ls = 0, lss = 0, ln = 0, ts = 0, tss = 0, tn = 0;
    for (const UnitFrame& u : units) {
        monthly_load_features(u, features_);  // names a unit without the load channel
        const Hourly h = hourly(u, features_);
        for (double v : h.load)
            if (!std::isnan(v)) ls += v, lss += v * v, ln += 1;
        for (double v : h.temp)
            if (!std::isnan(v)) ts += v, tss += v * v, tn += 1;
    }
    scalers_ = {};
    if (ln > 0) {
        scalers_.load_mean = ls / ln;
        scalers_.load_sd =
            std::max(1e-6, std::sqrt(std::max(0.0, lss / ln - std::pow(ls / ln, 2))));
    }
    if (tn > 0) {
        scalers_.temp_mean = ts / tn;
        scalers_.temp_sd =
            std::max(1e-6, std::sqrt(std::max(0.0, tss / tn - std::pow(ts / tn, 2))));
    }
    // Held-out households (seeded, from each class) choose the epoch kept.
    std::vector<bool> held(units.size(), false);
    Rng rng(derive_seed(ctx.seed, 0x636e6e));
    for (int cls = 0; cls < 2; ++cls) {
        std::vector<std::size_t> idx;
        for (std::size_t i = 0; i < units.size(); ++i)
            if (static_cast<int>(targets[i]) == cls) idx.push_back(i);
        for (std::size_t i = idx.size(); i > 1; --i)
            std::swap(idx[i - 1], idx[static_cast<std::size_t>(
                                      rng.uniform_int(0, static_cast<std::int64_t>(i) - 1))]);
        const auto n = std::max<std::size_t>(
            1, static_cast<std::size_t>(
                   std::lround(validation_share_ * static_cast<double>(idx.size()))));
        if (idx.size() > n)
            for (std::size_t k = 0; k < n; ++k) held[idx[k]] = true;
    }
    // With a single household of a class, no household can be held out: then the last
    // validation_share of every household's profiles is.
    const bool by_household = std::find(held.begin(), held.end(), true) != held.end();
    std::vector<float> x, y;
    std::vector<bool> validation;
    for (std::size_t i = 0; i < units.size(); ++i) {
        std::vector<Timestamp> starts;
        const std::vector<float> p = profiles(units[i], starts);
        x.insert(x.end(), p.begin(), p.end());
        const auto tail = static_cast<std::size_t>(
            std::ceil(validation_share_ * static_cast<double>(starts.size())));
        for (std::size_t k = 0; k < starts.size(); ++k) {
            y.push_back(static_cast<float>(targets[i]));
            validation.push_back(by_household ? held[i] : k + tail >= starts.size());
        }
    }
    if (std::count(validation.begin(), validation.end(), false) == 0 ||
        std::count(validation.begin(), validation.end(), true) == 0)
        throw InvalidInputError(fmt::format(
            "{}: {} profiles of {} day(s) with 3/4 of their hours from {} household(s); it needs "
            "profiles from training and held-out households (two households of a class at "
            "least)",
            name(), y.size(), window_days_, units.size()));
    const nn::ProfileSpec spec{k_channels, 24 * window_days_, filters_};
    net_ = std::make_unique<nn::ProfileClassifier>(spec, derive_seed(ctx.seed, 1));
    const nn::TrainReport r = net_->train(
        x, y, validation, {epochs_, patience_, learning_rate_, batch_size_, ctx.seed, ctx.threads});
    report_ = {{"epochs", r.epochs},
               {"best_epoch", r.best_epoch},
               {"best_validation_loss", r.best_validation_loss},
               {"train_profiles", r.train_windows},
               {"validation_profiles", r.validation_windows}};
}

std::vector<PeriodProbability> CnnClassifier::do_predict(const UnitFrame& unit) const {
    const std::vector<LoadPeriod> periods = monthly_load_features(unit, features_);
    std::vector<Timestamp> starts;
    const std::vector<float> x = profiles(unit, starts);
    const std::vector<float> p = net_->predict(x);
    std::vector<PeriodProbability> out;
    std::size_t k = 0;
    for (const LoadPeriod& period : periods) {
        double s = 0, n = 0;
        while (k < starts.size() && starts[k] < period.end) {
            if (starts[k] >= period.start) s += p[k], n += 1;
            ++k;
        }
        out.push_back({period.start, period.end,
                       period.usable && n > 0 ? std::clamp(s / n, 0.0, 1.0) : k_nan});
    }
    return out;
}

nlohmann::json CnnClassifier::save_state() const {
    return {{"scalers",
             {{"load_mean", scalers_.load_mean},
              {"load_sd", scalers_.load_sd},
              {"temp_mean", scalers_.temp_mean},
              {"temp_sd", scalers_.temp_sd}}},
            {"training", report_}};
}

void CnnClassifier::load_state(const nlohmann::json& state) {
    try {
        const auto& s = state.at("scalers");
        scalers_ = {s.at("load_mean").get<double>(), s.at("load_sd").get<double>(),
                    s.at("temp_mean").get<double>(), s.at("temp_sd").get<double>()};
        if (!(scalers_.load_sd > 0) || !(scalers_.temp_sd > 0)) throw std::domain_error("sd");
        report_ = state.value("training", nlohmann::json::object());
    } catch (const std::exception&) {
        throw InvalidInputError(fmt::format(
            "{} model document: state.scalers needs load_mean, load_sd > 0, temp_mean, temp_sd > 0",
            name()));
    }
}

std::string CnnClassifier::save_binary() const {
    return net_->save();
}

void CnnClassifier::load_binary(std::string_view bytes) {
    auto net = std::make_unique<nn::ProfileClassifier>(
        nn::ProfileSpec{k_channels, 24 * window_days_, filters_}, 0);
    net->load(bytes);
    net_ = std::move(net);
}

}  // namespace heatloop::models
