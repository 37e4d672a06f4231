#include "models/window_features.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"
#include "models/series.hpp"

namespace heatloop::models::detail {

namespace {

constexpr std::array k_stats{std::pair{WindowStat::mean, "mean"}, std::pair{WindowStat::std, "std"},
                             std::pair{WindowStat::min, "min"}, std::pair{WindowStat::max, "max"},
                             std::pair{WindowStat::last, "last"}};

}  // namespace

std::string_view window_stat_name(WindowStat s) {
    return enum_name(k_stats, s);
}

WindowStat parse_window_stat(std::string_view name) {
    return parse_enum(k_stats, name, "window feature");
}

namespace {

// Fills column block `col0 + s` of `out` for one channel in O(rows): running sums for mean and
// std, monotonic deques for min and max.
void channel_features(const std::vector<double>& v, const WindowFeatureSpec& spec,
                      std::size_t width, std::size_t col0, std::vector<double>& out) {
    const std::size_t w = spec.window_rows;
    const auto need = static_cast<std::size_t>(
        std::max(1.0, std::ceil(spec.min_coverage * static_cast<double>(w))));
    double sum = 0, sum_sq = 0;
    std::size_t count = 0, last_present = 0;
    bool any_present = false;
    std::deque<std::size_t> lo, hi;  // indices of present values, values monotonic
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!is_missing(v[i])) {
            sum += v[i];
            sum_sq += v[i] * v[i];
            ++count;
            while (!lo.empty() && v[lo.back()] >= v[i]) lo.pop_back();
            while (!hi.empty() && v[hi.back()] <= v[i]) hi.pop_back();
            lo.push_back(i);
            hi.push_back(i);
            last_present = i;
            any_present = true;
        }
        if (i >= w && !is_missing(v[i - w])) {  // value leaving the window
            sum -= v[i - w];
            sum_sq -= v[i - w] * v[i - w];
            --count;
        }
        while (!lo.empty() && lo.front() + w <= i) lo.pop_front();
        while (!hi.empty() && hi.front() + w <= i) hi.pop_front();
        double* row = out.data() + i * width + col0;
        const bool ok = count >= need && any_present && last_present + w > i;
        for (std::size_t s = 0; s < spec.stats.size(); ++s) {
            if (!ok) {
                row[s] = k_missing;
                continue;
            }
            const double n = static_cast<double>(count), mean = sum / n;
            switch (spec.stats[s]) {
                case WindowStat::mean:
                    row[s] = mean;
                    break;
                case WindowStat::std:
                    row[s] = std::sqrt(std::max(0.0, sum_sq / n - mean * mean));
                    break;
                case WindowStat::min:
                    row[s] = v[lo.front()];
                    break;
                case WindowStat::max:
                    row[s] = v[hi.front()];
                    break;
                case WindowStat::last:
                    row[s] = v[last_present];
                    break;
            }
        }
    }
}

}  // namespace

std::vector<double> window_features(std::string_view model, const UnitFrame& unit,
                                    const WindowFeatureSpec& spec) {
    const std::size_t width = spec.channels.size() * spec.stats.size();
    std::vector<double> out(unit.rows() * width, k_missing);
    for (std::size_t c = 0; c < spec.channels.size(); ++c)
        channel_features(require_channel(model, unit, spec.channels[c]), spec, width,
                         c * spec.stats.size(), out);
    return out;
}

}  // namespace heatloop::models::detail
