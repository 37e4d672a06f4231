#include "heatloop/models/detectors/spectral.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "unit/models/synthetic.hpp"

using namespace heatloop;
using namespace heatloop::models;

namespace {

// Hourly-constant consumption given by fn(hour).
template <class Fn>
UnitFrame hourly(int hours, Fn fn, std::string unit = "s1") {
    UnitFrame f(std::move(unit));
    f.set_grid(0, k_minute_ms, static_cast<std::size_t>(hours) * 60);
    auto& p = f.get_or_add("compressor_power").values;
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = fn(static_cast<double>(i / 60));
    return f;
}

}  // namespace

TEST(Spectral, SpectrumOfAKnownSignal) {
    // 1 + cos(2 pi 2 h / 70): |X[0]| = 70, |X[2]| = 35, the other bins 0.
    const double pi = std::acos(-1.0);
    UnitFrame f = hourly(80, [&](double h) { return 1 + std::cos(2 * pi * 2 * h / 70); });
    SpectralDetector d;
    d.configure({{"normalize", false}});
    const auto s = d.spectrum(f);
    const auto& row = s.bins[70];  // hours 0..69
    EXPECT_NEAR(row[0], 0, 1e-9);
    EXPECT_NEAR(row[1], 35, 1e-9);
    EXPECT_NEAR(row[2], 0, 1e-9);
    EXPECT_TRUE(std::isnan(s.bins[69][0]));  // 69 hours are not a window
    d.configure({{"normalize", true}});
    EXPECT_NEAR(d.spectrum(f).bins[70][1], 0.5, 1e-12);
}

TEST(Spectral, ScoreRisesWhenTheCompressorStops) {
    const long fail = 8 * 1440;
    SpectralDetector d;
    d.fit(std::vector<UnitFrame>{synth::synthetic_unit({.unit = "a", .days = 8, .seed = 5}),
                                 synth::synthetic_unit({.unit = "b", .days = 8, .seed = 6})},
          {});
    ASSERT_EQ(d.thresholds().size(), 3u);
    const UnitFrame test =
        synth::synthetic_unit({.unit = "c", .days = 10, .seed = 7, .fail_at_minute = fail});
    const auto s = d.score(test);
    // Before the failure the low bins stay near their training range ...
    const double before = synth::max_finite(s, 0, static_cast<std::size_t>(fail));
    EXPECT_LT(before, 1.0);
    // ... and within 12 hours of it all three exceed their thresholds.
    const double after = synth::max_finite(s, static_cast<std::size_t>(fail),
                                           static_cast<std::size_t>(fail) + 12 * 60);
    EXPECT_GT(after, 1.0);
    EXPECT_GT(after, 2 * before);
}

TEST(Spectral, ScoresAreHourlyAndCausal) {
    SpectralDetector d;
    const UnitFrame u = synth::synthetic_unit({.days = 5});
    d.fit(std::vector<UnitFrame>{u}, {});
    const auto s = d.score(u);
    for (std::size_t i = 0; i < 70 * 60; ++i) ASSERT_TRUE(std::isnan(s[i])) << i;
    EXPECT_FALSE(std::isnan(s[70 * 60]));
    for (std::size_t i = 70 * 60; i < 71 * 60; ++i) ASSERT_EQ(s[i], s[70 * 60]);
    // Changing the future does not change the past.
    UnitFrame changed = u;
    auto& p = const_cast<std::vector<double>&>(changed.at("compressor_power").values);
    for (std::size_t i = 100 * 60; i < p.size(); ++i) p[i] = 0;
    const auto s2 = d.score(changed);
    for (std::size_t i = 0; i < 100 * 60; ++i) ASSERT_TRUE(s[i] == s2[i] || std::isnan(s[i]));
}

TEST(Spectral, RejectsBinsThatDoNotFitTheWindow) {
    SpectralDetector d;
    EXPECT_THROW(d.configure({{"window", "8h"}, {"bins", 4}}), InvalidInputError);
    EXPECT_THROW(d.configure({{"bins", 2}, {"min_bins_over", 3}}), InvalidInputError);
    EXPECT_NO_THROW(d.configure({{"window", "10h"}, {"bins", 4}}));
    EXPECT_THROW(d.configure({{"window", "90min"}}), InvalidInputError);  // 1.5 blocks
    EXPECT_NO_THROW(d.configure({{"block", "10 steps"}, {"window", "100 steps"}}));
}

TEST(Spectral, ScoreIsTheRankedRatioOfBinsToThresholds) {
    const UnitFrame u = synth::synthetic_unit({.days = 6, .fail_at_minute = 5 * 1440});
    for (int need : {1, 2, 3}) {
        SCOPED_TRACE(need);
        SpectralDetector d;
        d.configure({{"min_bins_over", need}});
        d.fit(std::vector<UnitFrame>{synth::synthetic_unit({.days = 5, .seed = 9})}, {});
        const auto spec = d.spectrum(u);
        const auto s = d.score(u);
        for (std::size_t i = 0; i < s.size(); i += 37) {
            const auto& row =
                spec.bins[static_cast<std::size_t>((u.time()[i] - spec.first_block) / spec.block)];
            if (std::isnan(row[0])) continue;
            int over = 0;
            for (std::size_t k = 0; k < 3; ++k) over += row[k] > d.thresholds()[k] ? 1 : 0;
            ASSERT_EQ(s[i] > 1, over >= need) << "row " << i;
        }
    }
}
