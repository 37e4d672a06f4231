#include "heatloop/models/detectors/isolation_forest.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/error.hpp"
#include "unit/models/synthetic.hpp"

using namespace heatloop;
using namespace heatloop::models;

TEST(IsolationForestDetector, ScoresAnInjectedOutlierWindowHigher) {
    IsolationForestDetector d;
    d.fit(std::vector<UnitFrame>{synth::synthetic_unit({.unit = "a", .days = 4, .seed = 1})},
          {.seed = 1, .threads = 2});
    UnitFrame test = synth::synthetic_unit({.unit = "b", .days = 3, .seed = 2});
    // Two hours where the compressor draws power but the supply stays cold.
    auto& power = test.get_or_add("compressor_power").values;
    auto& supply = test.get_or_add("t_supply").values;
    const std::size_t begin = 2 * 1440, end = begin + 120;
    for (std::size_t i = begin; i < end; ++i) {
        power[i] = 2.0;
        supply[i] = 12.0;
    }
    const auto s = d.score(test);
    const double normal = synth::max_finite(s, 1440, begin - 60);
    const double anomalous = synth::max_finite(s, begin + 60, end);
    EXPECT_GT(anomalous, normal);
    EXPECT_GT(anomalous, 0.6);
}

TEST(IsolationForestDetector, WindowFeaturesAndCoverage) {
    IsolationForestDetector d;
    d.configure({{"channels", {"x"}},
                 {"features", {"mean", "min", "max", "last", "std"}},
                 {"window", "3min"},
                 {"min_coverage", 0.6},
                 {"fit_stride", 1}});
    EXPECT_EQ(d.feature_names(),
              (std::vector<std::string>{"x.mean", "x.min", "x.max", "x.last", "x.std"}));
    UnitFrame f(std::string("u"));
    f.set_grid(0, k_minute_ms, 8);
    f.get_or_add("x").values = {1, 2, 3, k_missing, k_missing, 5, 6, 7};
    d.fit(std::vector<UnitFrame>{f}, {});
    const auto s = d.score(f);
    // A 3-row window needs 2 present values: rows 0 and 4 (one value) are not scored.
    EXPECT_TRUE(std::isnan(s[0]));
    EXPECT_FALSE(std::isnan(s[1]));
    EXPECT_FALSE(std::isnan(s[3]));  // 2, 3 present
    EXPECT_TRUE(std::isnan(s[4]));
    EXPECT_FALSE(std::isnan(s[6]));
}

TEST(IsolationForestDetector, ThreadsDoNotChangeScores) {
    const UnitFrame u = synth::synthetic_unit({.days = 2});
    IsolationForestDetector a, b;
    a.fit(std::vector<UnitFrame>{u}, {.seed = 4, .threads = 1});
    b.fit(std::vector<UnitFrame>{u}, {.seed = 4, .threads = 2});
    const auto sa = a.score(u), sb = b.score(u);
    ASSERT_EQ(sa.size(), sb.size());
    for (std::size_t i = 0; i < sa.size(); ++i)
        ASSERT_TRUE(sa[i] == sb[i] || (std::isnan(sa[i]) && std::isnan(sb[i]))) << i;
}

TEST(IsolationForestDetector, RejectsUnknownFeatureNames) {
    IsolationForestDetector d;
    EXPECT_THROW(d.configure({{"features", {"median"}}}), InvalidInputError);
    EXPECT_THROW(d.configure({{"channels", nlohmann::json::array()}}), InvalidInputError);
}
