#include "heatloop/web/downsample.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "heatloop/core/error.hpp"

namespace heatloop::web {
namespace {

TEST(BucketGrid, AtMostWidthBucketsCoveringTheSpan) {
    for (Duration span : {1LL, 7LL, 1000LL, 86'400'000LL, 31'536'000'000LL})
        for (std::size_t width : {1u, 3u, 2000u, 4096u}) {
            const BucketGrid g = bucket_grid(1000, 1000 + span, width);
            EXPECT_LE(g.count, width);
            EXPECT_GE(g.start + static_cast<Duration>(g.count) * g.bucket_ms, g.end);
            EXPECT_LT(g.start + static_cast<Duration>(g.count - 1) * g.bucket_ms, g.end);
        }
}

TEST(BucketGrid, NeverFinerThanTheDataStep) {
    const BucketGrid g = bucket_grid(0, 10 * 60'000, 2000, 60'000);
    EXPECT_EQ(g.bucket_ms, 60'000);
    EXPECT_EQ(g.count, 10u);
}

TEST(BucketGrid, RejectsEmptyRangesAndZeroWidth) {
    EXPECT_THROW(bucket_grid(5, 5, 10), InvalidInputError);
    EXPECT_THROW(bucket_grid(6, 5, 10), InvalidInputError);
    EXPECT_THROW(bucket_grid(0, 5, 0), InvalidInputError);
}

TEST(DownsampleMinMax, KeepsExtremesPerBucketAndNullForGaps) {
    // 12 samples 1 s apart; bucket 4 s -> 3 buckets; the middle one is all NaN.
    std::vector<Timestamp> t;
    std::vector<double> v{1, 5, -2, 3, NAN, NAN, NAN, NAN, 7, 7, 0, 9};
    for (int i = 0; i < 12; ++i) t.push_back(i * 1000);
    const BucketGrid g = bucket_grid(0, 12'000, 3);
    ASSERT_EQ(g.count, 3u);
    const MinMaxSeries s = downsample_min_max(t, v, g);
    ASSERT_EQ(s.min.size(), 3u);
    EXPECT_EQ(s.min[0], -2.0);
    EXPECT_EQ(s.max[0], 5.0);
    EXPECT_FALSE(s.min[1].has_value());
    EXPECT_FALSE(s.max[1].has_value());
    EXPECT_EQ(s.min[2], 0.0);
    EXPECT_EQ(s.max[2], 9.0);
}

TEST(DownsampleMinMax, IgnoresSamplesOutsideTheRange) {
    std::vector<Timestamp> t{0, 1000, 2000, 3000, 4000};
    std::vector<double> v{100, 1, 2, 3, -100};
    const MinMaxSeries s = downsample_min_max(t, v, bucket_grid(1000, 4000, 1));
    EXPECT_EQ(s.min[0], 1.0);
    EXPECT_EQ(s.max[0], 3.0);
}

TEST(DownsampleMinMax, AYearOfMinutesFitsTheWidthAndMinNeverExceedsMax) {
    const std::size_t n = 525'600;
    std::vector<Timestamp> t(n);
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        t[i] = static_cast<Timestamp>(i) * 60'000;
        v[i] = std::sin(static_cast<double>(i) / 97.0) * 10.0 + (i % 5000 == 0 ? 50.0 : 0.0);
    }
    const BucketGrid g = bucket_grid(0, t.back() + 60'000, 2000, 60'000);
    const MinMaxSeries s = downsample_min_max(t, v, g);
    EXPECT_LE(s.min.size(), 2000u);
    double top = -1e9;
    for (std::size_t i = 0; i < s.min.size(); ++i) {
        ASSERT_TRUE(s.min[i] && s.max[i]);
        EXPECT_LE(*s.min[i], *s.max[i]);
        top = std::max(top, *s.max[i]);
    }
    EXPECT_GE(top, 50.0);  // the spikes survive
}

}  // namespace
}  // namespace heatloop::web
