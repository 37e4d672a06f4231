#include "heatloop/prep/robust_outliers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "heatloop/core/channels.hpp"
#include "heatloop/core/error.hpp"
#include "prep/stats.hpp"

namespace heatloop::prep {

namespace {

// Whole-series median and MAD; returns the number removed.
std::size_t remove_global(std::vector<double>& values, double k, std::size_t min_samples,
                          std::vector<double>& scratch) {
    detail::collect_present(values, scratch);
    if (scratch.size() < min_samples || scratch.empty()) return 0;
    const double med = detail::median_inplace(scratch);
    const double mad = detail::mad_inplace(scratch, med);
    if (!(mad > 0) || !std::isfinite(mad)) return 0;
    const double limit = k * detail::k_mad_to_sigma * mad;
    std::size_t removed = 0;
    for (double& v : values)
        if (std::fabs(v - med) > limit) {  // false for NaN
            v = k_missing;
            ++removed;
        }
    return removed;
}

// Centred rolling median and MAD over a sorted copy of the window's present values: insert
// and erase are a memmove within the window, the MAD a binary search (stats.hpp).
std::size_t remove_rolling(std::vector<double>& values, double k, std::size_t half,
                           std::size_t min_samples, std::vector<double>& window) {
    const std::size_t n = values.size();
    std::vector<unsigned char> flag(n, 0);
    window.clear();
    auto insert = [&](double v) {
        if (!is_missing(v)) window.insert(std::upper_bound(window.begin(), window.end(), v), v);
    };
    auto erase = [&](double v) {
        if (!is_missing(v)) window.erase(std::lower_bound(window.begin(), window.end(), v));
    };
    for (std::size_t i = 0; i < std::min(n, half); ++i) insert(values[i]);
    for (std::size_t i = 0; i < n; ++i) {
        if (i + half < n) insert(values[i + half]);
        if (i > half) erase(values[i - half - 1]);
        const double x = values[i];
        if (is_missing(x) || window.size() < min_samples || window.empty()) continue;
        const double med = detail::sorted_median(window);
        const double mad = detail::sorted_mad(window, med);
        if (!(mad > 0) || !std::isfinite(mad)) continue;
        flag[i] = static_cast<unsigned char>(std::fabs(x - med) > k * detail::k_mad_to_sigma * mad);
    }
    std::size_t removed = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (flag[i] != 0) {
            values[i] = k_missing;
            ++removed;
        }
    return removed;
}

}  // namespace

bool is_intermittent_channel(std::string_view name) noexcept {
    const auto spec = find_channel_spec(name);
    if (!spec) return false;
    return spec->unit == "0/1" || spec->unit == "enum" || spec->unit == "kW" ||
           spec->unit == "W/m2";
}

ChannelCounts remove_robust_outliers(UnitFrame& frame, const RobustOptions& options) {
    if (!(options.k > 0) || !std::isfinite(options.k))
        throw InvalidInputError(
            fmt::format("robust outliers: k must be positive and finite, got {}", options.k));
    if (options.window < 0)
        throw InvalidInputError(
            fmt::format("robust outliers: window must not be negative, got {} ms", options.window));
    if (options.window > 0 && frame.step() <= 0)
        throw InvalidInputError(
            fmt::format("robust outliers unit {}: a rolling window of {} needs a resampled frame",
                        frame.unit_id(), format_duration(options.window)));
    std::vector<Channel*> targets;
    if (!options.channels.empty()) {
        for (const auto& name : options.channels) {
            frame.at(name);  // throws NotFoundError listing the channels there are
            Channel* ch = frame.find(name);
            if (std::find(targets.begin(), targets.end(), ch) == targets.end())
                targets.push_back(ch);
        }
    } else {
        for (auto& ch : frame.channels())
            if (!options.skip_intermittent || !is_intermittent_channel(ch.name))
                targets.push_back(&ch);
    }
    const std::size_t half =
        options.window > 0 ? static_cast<std::size_t>(options.window / frame.step()) / 2 : 0;
    std::vector<double> scratch;
    ChannelCounts counts;
    for (Channel* ch : targets) {
        counts[ch->name] =
            options.window > 0
                ? remove_rolling(ch->values, options.k, half, options.min_samples, scratch)
                : remove_global(ch->values, options.k, options.min_samples, scratch);
    }
    return counts;
}

}  // namespace heatloop::prep
