#include "heatloop/models/classifiers/load_features.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "heatloop/core/error.hpp"
#include "heatloop/core/time.hpp"

namespace heatloop::models {

namespace {

constexpr std::array<std::string_view, 16> k_names = {"mean_kw",         "std_rel",
                                                      "q10_rel",         "q50_rel",
                                                      "q90_rel",         "q99_rel",
                                                      "night_day_ratio", "t_mean",
                                                      "hdd_corr",        "night_slope_kw_per_k",
                                                      "cold_warm_ratio", "level_vs_unit",
                                                      "acf_diff_lag1",   "acf_diff_peak_15_60min",
                                                      "daily_kwh_cv",    "coverage"};

double nan() {
    return std::numeric_limits<double>::quiet_NaN();
}

double quantile(std::vector<double> v, double q) {
    if (v.empty()) return nan();
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
    const double a = v[lo];
    if (lo + 1 >= v.size()) return a;
    const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
    return a + (pos - static_cast<double>(lo)) * (b - a);
}

double ratio(double a, double b) {
    return std::isfinite(a) && std::isfinite(b) && b > 0 ? a / b : nan();
}

// Per-day aggregates of one month: only days with at least half their rows present count.
struct Day {
    double load = 0, night = 0, temp = 0;
    std::size_t n = 0, n_night = 0, n_temp = 0, rows = 0;
};

std::pair<unsigned, int> month_of(Timestamp t) {
    const CivilTime c = to_civil(t);
    return {c.month, c.year};
}

Timestamp month_start(int year, unsigned month) {
    return days_from_civil(year, month, 1) * k_day_ms;
}

}  // namespace

namespace load_features {

double slope(std::span<const double> x, std::span<const double> y) {
    double sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (std::isnan(x[i]) || std::isnan(y[i])) continue;
        sx += x[i], sy += y[i], sxx += x[i] * x[i], sxy += x[i] * y[i], n += 1;
    }
    if (n < 3) return nan();
    const double vx = sxx - sx * sx / n;
    if (!(vx > 1e-12 * std::max(1.0, sxx))) return nan();
    return (sxy - sx * sy / n) / vx;
}

double correlation(std::span<const double> x, std::span<const double> y) {
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, n = 0;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (std::isnan(x[i]) || std::isnan(y[i])) continue;
        sx += x[i], sy += y[i], sxx += x[i] * x[i], syy += y[i] * y[i], sxy += x[i] * y[i];
        n += 1;
    }
    if (n < 3) return nan();
    const double vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
    if (!(vx > 1e-12 * std::max(1.0, sxx)) || !(vy > 1e-12 * std::max(1.0, syy))) return nan();
    return std::clamp((sxy - sx * sy / n) / std::sqrt(vx * vy), -1.0, 1.0);
}

double difference_acf_peak(std::span<const double> v, std::size_t lo, std::size_t hi) {
    if (v.size() < 2 || lo == 0 || hi < lo) return nan();
    std::vector<double> d(v.size() - 1);
    double sum = 0, n = 0;
    for (std::size_t i = 0; i + 1 < v.size(); ++i) {
        d[i] = v[i + 1] - v[i];
        if (!std::isnan(d[i])) sum += d[i], n += 1;
    }
    if (n < 10) return nan();
    const double mean = sum / n;
    double var = 0;
    for (double x : d)
        if (!std::isnan(x)) var += (x - mean) * (x - mean);
    var /= n;
    if (!(var > 0)) return nan();
    double best = nan();
    for (std::size_t k = lo; k <= hi && k < d.size(); ++k) {
        double c = 0, m = 0;
        for (std::size_t i = 0; i + k < d.size(); ++i)
            if (!std::isnan(d[i]) && !std::isnan(d[i + k]))
                c += (d[i] - mean) * (d[i + k] - mean), m += 1;
        if (m < 10) continue;
        const double r = c / m / var;
        if (std::isnan(best) || r > best) best = r;
    }
    return best;
}

}  // namespace load_features

std::span<const ParamSpec> load_feature_param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = {
        {"load_channel", T::string, "load", {}, {}, {}, "the household load channel (smart meter)"},
        {"temperature_channel",
         T::string,
         "t_outdoor",
         {},
         {},
         {},
         "outdoor temperature channel (weather of the household's location); its features are "
         "missing where it is"},
        {"min_coverage",
         T::number,
         0.5,
         0,
         1,
         {},
         "share of a month's rows with a load needed to classify the month"},
        {"base_temperature", T::number, 15.5, -20, 30, {}, "heating-degree-day base (degC)"},
    };
    return specs;
}

LoadFeatureOptions LoadFeatureOptions::from_params(const nlohmann::json& p) {
    LoadFeatureOptions o;
    o.load_channel = p.at("load_channel").get<std::string>();
    o.temperature_channel = p.at("temperature_channel").get<std::string>();
    o.min_coverage = p.at("min_coverage").get<double>();
    o.base_temperature = p.at("base_temperature").get<double>();
    return o;
}

std::span<const std::string_view> load_feature_names() noexcept {
    return k_names;
}

std::vector<LoadPeriod> monthly_load_features(const UnitFrame& unit, const LoadFeatureOptions& o) {
    const Channel* load_ch = unit.find(o.load_channel);
    if (load_ch == nullptr)
        throw InvalidInputError(fmt::format("unit {}: no channel '{}' to classify (it has: {})",
                                            unit.unit_id(), o.load_channel,
                                            fmt::join(unit.channel_names(), ", ")));
    const Channel* temp_ch = unit.find(o.temperature_channel);
    const auto& load = load_ch->values;
    const auto& time = unit.time();
    const Duration step = unit.step() > 0 ? unit.step() : k_hour_ms;

    // Months of the frame, in time order.
    std::vector<LoadPeriod> periods;
    for (std::size_t i = 0; i < time.size();) {
        const auto [month, year] = month_of(time[i]);
        LoadPeriod p;
        p.start = month_start(year, month);
        p.end = month == 12 ? month_start(year + 1, 1) : month_start(year, month + 1);
        p.begin = i;
        while (i < time.size() && time[i] < p.end) ++i;
        p.stop = i;
        periods.push_back(std::move(p));
    }

    const std::size_t lag_lo =
        std::max<std::size_t>(2, static_cast<std::size_t>((15 * k_minute_ms + step - 1) / step));
    const std::size_t lag_hi = static_cast<std::size_t>(60 * k_minute_ms / step);
    std::vector<double> month_means;
    for (LoadPeriod& p : periods) {
        const std::size_t expected = static_cast<std::size_t>((p.end - p.start) / step);
        std::vector<double> present;
        double temp_sum = 0, temp_n = 0, day_sum = 0, day_n = 0, night_sum = 0, night_n = 0;
        std::map<std::int64_t, Day> days;
        for (std::size_t i = p.begin; i < p.stop; ++i) {
            const double t = temp_ch ? temp_ch->values[i] : nan();
            Day& d = days[time[i] / k_day_ms];
            ++d.rows;
            if (!std::isnan(t)) temp_sum += t, temp_n += 1, d.temp += t, ++d.n_temp;
            const double x = load[i];
            if (std::isnan(x)) continue;
            present.push_back(x);
            const auto hour = static_cast<int>((time[i] % k_day_ms) / k_hour_ms);
            d.load += x, ++d.n;
            if (hour < 6) night_sum += x, night_n += 1, d.night += x, ++d.n_night;
            if (hour >= 8 && hour < 20) day_sum += x, day_n += 1;
        }
        const double coverage =
            expected ? static_cast<double>(present.size()) / static_cast<double>(expected) : 0.0;
        p.usable = !present.empty() && coverage >= o.min_coverage;
        if (!p.usable) continue;
        double sum = 0;
        for (double x : present) sum += x;
        const double mean = sum / static_cast<double>(present.size());
        double ss = 0;
        for (double x : present) ss += (x - mean) * (x - mean);
        const double sd = std::sqrt(ss / static_cast<double>(present.size()));

        // Daily aggregates: load, night load, temperature, heating degrees.
        std::vector<double> d_load, d_night, d_temp, d_hdd;
        const std::size_t rows_per_day = static_cast<std::size_t>(k_day_ms / step);
        for (const auto& [day, d] : days) {
            if (d.n * 2 < std::max<std::size_t>(rows_per_day, 1)) continue;
            d_load.push_back(d.load / static_cast<double>(d.n));
            d_night.push_back(d.n_night ? d.night / static_cast<double>(d.n_night) : nan());
            const double t =
                d.n_temp * 2 >= d.rows ? d.temp / static_cast<double>(d.n_temp) : nan();
            d_temp.push_back(t);
            d_hdd.push_back(std::isnan(t) ? nan() : std::max(0.0, o.base_temperature - t));
        }
        // Cold vs warm days: below and above the month's median daily temperature.
        double cold = 0, cold_n = 0, warm = 0, warm_n = 0;
        std::vector<double> temps;
        for (double t : d_temp)
            if (!std::isnan(t)) temps.push_back(t);
        const double median_t = quantile(temps, 0.5);
        for (std::size_t k = 0; k < d_load.size(); ++k) {
            if (std::isnan(d_temp[k])) continue;
            if (d_temp[k] < median_t) cold += d_load[k], cold_n += 1;
            if (d_temp[k] > median_t) warm += d_load[k], warm_n += 1;
        }
        double dl_sum = 0, dl_ss = 0;
        for (double x : d_load) dl_sum += x;
        const double dl_mean = d_load.empty() ? nan() : dl_sum / static_cast<double>(d_load.size());
        for (double x : d_load) dl_ss += (x - dl_mean) * (x - dl_mean);
        const double dl_sd =
            d_load.size() > 1 ? std::sqrt(dl_ss / static_cast<double>(d_load.size())) : nan();

        const std::span<const double> rows(load.data() + p.begin, p.stop - p.begin);
        p.features = {
            mean,
            ratio(sd, mean),
            ratio(quantile(present, 0.10), mean),
            ratio(quantile(present, 0.50), mean),
            ratio(quantile(present, 0.90), mean),
            ratio(quantile(present, 0.99), mean),
            ratio(night_n ? night_sum / night_n : nan(), day_n ? day_sum / day_n : nan()),
            temp_n ? temp_sum / temp_n : nan(),
            load_features::correlation(d_hdd, d_load),
            load_features::slope(d_temp, d_night),
            ratio(cold_n ? cold / cold_n : nan(), warm_n ? warm / warm_n : nan()),
            nan(),  // level_vs_unit: below, once every month's mean is known
            load_features::difference_acf_peak(rows, 1, 1),
            lag_hi >= lag_lo ? load_features::difference_acf_peak(rows, lag_lo, lag_hi) : nan(),
            ratio(dl_sd, dl_mean),
            coverage};
        month_means.push_back(mean);
    }
    // The winter/summer signature: each month's level against the unit's median month.
    const double median_month = quantile(month_means, 0.5);
    for (LoadPeriod& p : periods)
        if (p.usable) p.features[11] = ratio(p.features[0], median_month);
    return periods;
}

}  // namespace heatloop::models
