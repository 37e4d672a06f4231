#pragma once
// The household total's minimum and mean over a centred window of rows (a day at 15 min is
// 96): the base load each disaggregator reads the heat pump's share against, since base loads
// differ from home to home. Internal to the disaggregators.

#include <vector>

namespace heatloop::models::detail {

struct DayStats {
    std::vector<double> min, mean;  // per row; NaN where the window holds no present value
};

// Over rows [i - rows/2, i + rows/2] of `total`, skipping missing values; O(n).
DayStats centred_day_stats(const std::vector<double>& total, int rows);

}  // namespace heatloop::models::detail
