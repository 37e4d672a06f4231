// centred_day_stats: the minimum and mean over a centred window, missing values skipped.
#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/frame.hpp"
#include "models/disaggregators/day_stats.hpp"

using namespace heatloop;

TEST(DayStats, CentredMinimumAndMeanSkipMissingValues) {
    const std::vector<double> total{4, 2, k_missing, 6, 1, 5};
    // Window of 3 rows: [i - 1, i + 1].
    const auto d = models::detail::centred_day_stats(total, 3);
    const std::vector<double> min{2, 2, 2, 1, 1, 1};
    const std::vector<double> mean{3, 3, 4, 3.5, 4, 3};
    for (std::size_t i = 0; i < total.size(); ++i) {
        EXPECT_DOUBLE_EQ(d.min[i], min[i]) << i;
        EXPECT_DOUBLE_EQ(d.mean[i], mean[i]) << i;
    }
    // A window with nothing present has no statistics.
    const auto none = models::detail::centred_day_stats({1, k_missing, k_missing, k_missing, 2}, 3);
    EXPECT_TRUE(std::isnan(none.min[2]) && std::isnan(none.mean[2]));
    EXPECT_DOUBLE_EQ(none.min[1], 1.0);
}
