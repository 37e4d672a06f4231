// Targets the internal order-statistics helpers on purpose: the rolling MAD's binary search
// is checked against the plain definition.
#include "prep/stats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace heatloop::prep::detail;

TEST(Stats, MedianAndMadFollowNumpy) {
    std::vector<double> odd{3, 1, 2};
    EXPECT_EQ(median_inplace(odd), 2);
    std::vector<double> even{4, 1, 3, 2};
    EXPECT_EQ(median_inplace(even), 2.5);
    std::vector<double> d{10, 11, 11, 12, 12, 12, 13, 13, 14, 100};
    EXPECT_EQ(mad_inplace(d, 12), 1);  // deviations 2,1,1,0,0,0,1,1,2,88
    std::vector<double> empty;
    EXPECT_TRUE(std::isnan(median_inplace(empty)));
}

TEST(Stats, SortedMadMatchesTheDefinition) {
    const std::vector<double> s{2, 3, 4, 6, 100};
    EXPECT_EQ(sorted_median(s), 4);
    EXPECT_EQ(sorted_mad(s, 4), 2);  // deviations 2,1,0,2,96
    EXPECT_EQ(sorted_mad(std::vector<double>{6, 7, 8, 9}, 7.5), 1);

    std::mt19937 rng(7);
    std::uniform_int_distribution<int> value(0, 20), size(1, 30);
    for (int trial = 0; trial < 500; ++trial) {
        std::vector<double> v(static_cast<size_t>(size(rng)));
        for (double& x : v) x = value(rng);
        std::sort(v.begin(), v.end());
        const double med = sorted_median(v);
        std::vector<double> copy = v;
        EXPECT_EQ(sorted_mad(v, med), mad_inplace(copy, med)) << "trial " << trial;
    }
}
