#include "models/disaggregators/day_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <deque>

#include "heatloop/core/frame.hpp"

namespace heatloop::models::detail {

DayStats centred_day_stats(const std::vector<double>& total, int rows) {
    const auto n = static_cast<std::ptrdiff_t>(total.size());
    DayStats d{std::vector<double>(total.size(), k_missing),
               std::vector<double>(total.size(), k_missing)};
    const std::ptrdiff_t half = rows / 2;
    std::deque<std::ptrdiff_t> mins;  // indices of increasing values: the minimum in front
    double sum = 0;
    std::ptrdiff_t count = 0, lo = 0, hi = 0;  // the window is [lo, hi)
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        for (; hi < std::min(n, i + half + 1); ++hi) {
            if (std::isnan(total[hi])) continue;
            sum += total[hi], ++count;
            while (!mins.empty() && total[mins.back()] >= total[hi]) mins.pop_back();
            mins.push_back(hi);
        }
        for (; lo < i - half; ++lo) {
            if (std::isnan(total[lo])) continue;
            sum -= total[lo], --count;
            if (!mins.empty() && mins.front() == lo) mins.pop_front();
        }
        if (count > 0) {
            d.min[i] = total[mins.front()];
            d.mean[i] = sum / static_cast<double>(count);
        }
    }
    return d;
}

}  // namespace heatloop::models::detail
