#include "heatloop/models/detectors/predicted_vs_actual.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "heatloop/core/error.hpp"
#include "unit/models/synthetic.hpp"

using namespace heatloop;
using namespace heatloop::models;

namespace {

// Consumption that is a known function of the outdoor temperature: 0.1 kW per K below 18.
UnitFrame known_function(int days, std::uint64_t seed, long drop_from = -1) {
    UnitFrame f(std::string("k") + std::to_string(seed));
    f.set_grid(0, k_minute_ms, static_cast<std::size_t>(days) * 1440);
    f.get_or_add("t_outdoor");
    f.get_or_add("compressor_power");  // may move t_outdoor: take references after both
    auto& tout = f.find("t_outdoor")->values;
    auto& power = f.find("compressor_power")->values;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> level(-8, 12);
    double t = 0;
    for (std::size_t i = 0; i < tout.size(); ++i) {
        if (i % 720 == 0) t = level(rng);  // a new weather regime every 12 h
        tout[i] = t;
        power[i] = std::max(0.0, 0.1 * (18 - t));
        if (drop_from >= 0 && static_cast<long>(i) >= drop_from) power[i] *= 0.3;
    }
    return f;
}

}  // namespace

TEST(PredictedVsActual, LearnsAKnownFunction) {
    PredictedVsActualDetector d;
    d.configure({{"calendar", false}, {"fit_stride", 2}});
    d.fit(std::vector<UnitFrame>{known_function(20, 1)}, {.seed = 1, .threads = 1});
    const UnitFrame test = known_function(5, 2);
    const auto p = d.predict(test);
    const auto y = d.smoothed_target(test);
    double err = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (!std::isnan(y[i])) err += std::abs(p[i] - y[i]), ++n;
    ASSERT_GT(n, 0u);
    // Target ranges over 0.6 .. 2.6 kW; a learned function is off by a few hundredths.
    EXPECT_LT(err / static_cast<double>(n), 0.05);
}

TEST(PredictedVsActual, ScoresConsumptionBelowThePrediction) {
    PredictedVsActualDetector d;
    d.fit(std::vector<UnitFrame>{synth::synthetic_unit({.unit = "a", .days = 6, .seed = 1})},
          {.seed = 1});
    EXPECT_EQ(d.feature_names().size(), 5u);  // t_outdoor x 2 windows + 3 calendar
    const long drop = 4 * 1440;
    UnitFrame test = synth::synthetic_unit({.unit = "b", .days = 6, .seed = 2});
    auto& p = test.get_or_add("compressor_power").values;
    for (std::size_t i = static_cast<std::size_t>(drop); i < p.size(); ++i) p[i] = 0;
    const auto s = d.score(test);
    double before = 0, after = 0;
    std::size_t nb = 0, na = 0;
    for (std::size_t i = 1440; i < s.size(); ++i) {
        if (std::isnan(s[i])) continue;
        if (static_cast<long>(i) < drop) before += s[i], ++nb;
        if (static_cast<long>(i) >= drop + 60) after += s[i], ++na;
    }
    EXPECT_LT(before / static_cast<double>(nb), 0.5);
    EXPECT_GT(after / static_cast<double>(na), 1.0);
}

TEST(PredictedVsActual, DirectionBothScoresExcessConsumptionToo) {
    const UnitFrame train = known_function(10, 3);
    UnitFrame test = known_function(3, 4);
    auto& p = test.get_or_add("compressor_power").values;
    for (double& v : p) v += 3;  // far more than predicted
    PredictedVsActualDetector lower, both;
    lower.configure({{"calendar", false}});
    both.configure({{"calendar", false}, {"direction", "both"}});
    lower.fit(std::vector<UnitFrame>{train}, {});
    both.fit(std::vector<UnitFrame>{train}, {});
    EXPECT_LT(synth::max_finite(lower.score(test), 0, p.size()), 0);
    EXPECT_GT(both.score(test)[2000], 1.0);
}

TEST(PredictedVsActual, RejectsTheTargetAsAFeature) {
    PredictedVsActualDetector d;
    EXPECT_THROW(d.configure({{"feature_channels", {"compressor_power"}}}), InvalidInputError);
    EXPECT_THROW(d.configure({{"feature_channels", nlohmann::json::array()}, {"calendar", false}}),
                 InvalidInputError);
}

namespace {
UnitFrame scaled(UnitFrame f, double factor) {
    for (double& v : f.get_or_add("compressor_power").values) v *= factor;
    return f;
}
double mean_finite(const std::vector<double>& s, std::size_t from, std::size_t to) {
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t i = from; i < to && i < s.size(); ++i)
        if (!std::isnan(s[i])) sum += s[i], ++n;
    return n ? sum / static_cast<double>(n) : std::nan("");
}
}  // namespace

TEST(PredictedVsActual, RelativeResidualIsTheShareOfConsumptionMissing) {
    PredictedVsActualDetector d;
    d.configure({{"calendar", false}, {"residual", "relative"}});
    d.fit(std::vector<UnitFrame>{known_function(10, 3)}, {.seed = 1, .threads = 1});
    const long drop = 2 * 1440;
    const auto s = d.score(known_function(4, 4, drop));  // 70% of the power missing from drop
    EXPECT_LT(std::abs(mean_finite(s, 120, drop)), 0.05);
    EXPECT_NEAR(mean_finite(s, drop + 60, s.size()), 0.7, 0.05);
}

TEST(PredictedVsActual, TargetHistoryFitsUnitsOfDifferentSizes) {
    // Same weather response, three times the power: without the unit's own recent level the
    // fleet model can only predict the average of both sizes.
    const std::vector<UnitFrame> train{known_function(12, 5), scaled(known_function(12, 6), 3)};
    PredictedVsActualDetector with, without;
    with.configure({{"calendar", false},
                    {"residual", "relative"},
                    {"target_history", "24h"},
                    {"target_history_lag", "24h"}});
    without.configure({{"calendar", false}, {"residual", "relative"}});
    with.fit(train, {.seed = 1, .threads = 1});
    without.fit(train, {.seed = 1, .threads = 1});
    EXPECT_EQ(with.feature_names().back(), "compressor_power.mean_24h_lag_24h");
    const UnitFrame big = scaled(known_function(6, 7), 3);
    const std::size_t from = 2 * 1440;  // once the lagged history exists
    const auto s_with = with.score(big), s_without = without.score(big);
    EXPECT_LT(std::abs(mean_finite(s_with, from, big.rows())), 0.1);
    EXPECT_LT(mean_finite(s_without, from, big.rows()), -0.2);  // predicts too little
}

TEST(PredictedVsActual, AFeatureChannelAbsentFromAUnitIsMissing) {
    UnitFrame with_indoor = known_function(8, 8);
    with_indoor.get_or_add("t_indoor").values.assign(with_indoor.rows(), 21.0);
    PredictedVsActualDetector d;
    d.configure({{"calendar", false}, {"feature_channels", {"t_outdoor", "t_indoor"}}});
    d.fit(std::vector<UnitFrame>{with_indoor, known_function(8, 9)}, {.seed = 1, .threads = 1});
    const auto s = d.score(known_function(3, 10));  // no t_indoor: scored all the same
    EXPECT_TRUE(std::isfinite(mean_finite(s, 120, s.size())));

    PredictedVsActualDetector nowhere;
    nowhere.configure({{"feature_channels", {"t_outdoor", "t_indor"}}});
    try {
        nowhere.fit(std::vector<UnitFrame>{known_function(3, 11)}, {});
        FAIL() << "a feature channel in no training unit must be rejected";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("t_indor"), std::string::npos) << e.what();
    }
}
