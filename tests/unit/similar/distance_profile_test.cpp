#include "heatloop/similar/distance_profile.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"

namespace heatloop::similar {
namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

// A random walk around `level`, like a temperature.
std::vector<double> walk(std::size_t n, std::uint64_t seed, double level = 40.0) {
    Rng rng(seed);
    std::vector<double> v(n);
    double x = level;
    for (auto& e : v) e = x += rng.normal(0.0, 0.3);
    return v;
}

// FFT and direct computation agree, across block boundaries (n spans several 4096-blocks),
// with missing values and flat (constant) stretches.
TEST(DistanceProfile, MatchesTheDirectComputation) {
    for (std::size_t m : {2u, 17u, 300u, 1500u}) {
        std::vector<double> series = walk(13'000, 7 + m);
        for (std::size_t i = 5000; i < 5000 + 2 * m; ++i) series[i] = 12.3;  // flat
        series[9000] = k_nan;
        std::vector<double> query(series.begin() + 100,
                                  series.begin() + 100 + static_cast<long>(m));
        const ChannelPair pair{query, series};
        const auto fast = distance_profile(std::span(&pair, 1));
        const auto slow = naive_distance_profile(query, series);
        ASSERT_EQ(fast.size(), series.size() - m + 1);
        ASSERT_EQ(fast.size(), slow.size());
        for (std::size_t i = 0; i < fast.size(); ++i) {
            if (std::isinf(slow[i])) {
                ASSERT_TRUE(std::isinf(fast[i])) << "m " << m << " i " << i;
                continue;
            }
            // Distances range over [0, 4 m]; FFT rounding stays far below that.
            ASSERT_NEAR(fast[i], slow[i], 1e-5 * static_cast<double>(m)) << "m " << m << " i " << i;
        }
        EXPECT_NEAR(fast[100], 0.0, 1e-6 * static_cast<double>(m));  // the query itself
        EXPECT_TRUE(std::isinf(fast[9000]));                         // a window with a NaN
    }
}

TEST(DistanceProfile, ConstantQueryAndWindows) {
    std::vector<double> series(50, 3.0);
    for (std::size_t i = 30; i < 50; ++i) series[i] = static_cast<double>(i);
    const std::vector<double> flat(10, 7.0);
    const ChannelPair pair{flat, series};
    const auto d = distance_profile(std::span(&pair, 1));
    EXPECT_DOUBLE_EQ(d[0], 0.0);    // both constant: same (lack of) shape
    EXPECT_DOUBLE_EQ(d[35], 10.0);  // one constant: m
}

TEST(DistanceProfile, ChannelsAddUp) {
    const auto a = walk(3000, 1), b = walk(3000, 2, 5.0);
    const std::vector<double> qa(a.begin() + 10, a.begin() + 60),
        qb(b.begin() + 500, b.begin() + 550);
    const ChannelPair pa{qa, a}, pb{qb, b};
    const std::vector<ChannelPair> both{pa, pb};
    const auto da = distance_profile(std::span(&pa, 1)), db = distance_profile(std::span(&pb, 1));
    const auto d = distance_profile(both);
    for (std::size_t i = 0; i < d.size(); i += 97) EXPECT_NEAR(d[i], da[i] + db[i], 1e-9);
}

TEST(DistanceProfile, BadInputIsRefused) {
    const std::vector<double> s(100, 1.0), one{1.0}, with_nan{1.0, k_nan, 2.0};
    EXPECT_THROW(distance_profile({}), InvalidInputError);
    const ChannelPair short_query{one, s};
    EXPECT_THROW(distance_profile(std::span(&short_query, 1)), InvalidInputError);
    const ChannelPair nan_query{with_nan, s};
    EXPECT_THROW(distance_profile(std::span(&nan_query, 1)), InvalidInputError);
    const std::vector<double> s2(99, 1.0), q3{1.0, 2.0, 3.0};
    const std::vector<ChannelPair> uneven{{q3, s}, {q3, s2}};
    EXPECT_THROW(distance_profile(uneven), InvalidInputError);
    const ChannelPair longer{s, q3};  // series shorter than the query: no window
    EXPECT_TRUE(distance_profile(std::span(&longer, 1)).empty());
}

}  // namespace
}  // namespace heatloop::similar
