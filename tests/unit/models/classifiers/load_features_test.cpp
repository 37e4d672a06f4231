// Load features on hand-made series whose answers are known.
#include "heatloop/models/classifiers/load_features.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "heatloop/core/error.hpp"
#include "heatloop/core/time.hpp"

using namespace heatloop;
using namespace heatloop::models;

namespace {

std::size_t feature(std::string_view name) {
    const auto names = load_feature_names();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return i;
    ADD_FAILURE() << "no feature " << name;
    return 0;
}

const Timestamp k_jan = days_from_civil(2024, 1, 1) * k_day_ms;

}  // namespace

TEST(LoadFeatures, SlopeAndCorrelationOfALine) {
    const std::vector<double> x = {-2, 0, 1, 3, 5, std::nan("")};
    std::vector<double> y;
    for (double v : x) y.push_back(2 - 0.3 * v);
    y.back() = 7;  // paired with a missing x: skipped
    EXPECT_NEAR(load_features::slope(x, y), -0.3, 1e-12);
    EXPECT_NEAR(load_features::correlation(x, y), -1.0, 1e-12);
    const std::vector<double> flat = {1, 1, 1, 1};
    EXPECT_TRUE(std::isnan(load_features::slope(flat, flat)));  // no spread in x
    EXPECT_TRUE(std::isnan(
        load_features::correlation(std::vector<double>{1, 2}, std::vector<double>{2, 4})));
}

TEST(LoadFeatures, CyclingShowsAsAnAutocorrelationPeakAtItsPeriod) {
    // On for two steps, off for two: the differences repeat every four steps.
    std::vector<double> v;
    for (int i = 0; i < 400; ++i) v.push_back((i / 2) % 2 == 0 ? 3.0 : 0.5);
    EXPECT_NEAR(load_features::difference_acf_peak(v, 4, 4), 1.0, 0.02);
    EXPECT_NEAR(load_features::difference_acf_peak(v, 2, 2), -1.0, 0.02);
    EXPECT_NEAR(load_features::difference_acf_peak(v, 2, 4), 1.0, 0.02);
    const std::vector<double> few = {1, 2, 3};
    EXPECT_TRUE(std::isnan(load_features::difference_acf_peak(few, 1, 1)));
}

TEST(LoadFeatures, MonthlyLevelsShapeAndCoverage) {
    // Hourly from 2024-01-01 for 31 + 10 days: 1 kW at night (0-6 h), 2 kW by day (8-20 h),
    // 1.5 kW otherwise; no temperature.
    UnitFrame f("h1");
    const std::size_t rows = 41 * 24;
    f.set_grid(k_jan, k_hour_ms, rows);
    std::vector<double> load;
    for (std::size_t i = 0; i < rows; ++i) {
        const std::size_t h = i % 24;
        load.push_back(h < 6 ? 1.0 : (h >= 8 && h < 20) ? 2.0 : 1.5);
    }
    f.get_or_add("load").values = load;
    const auto p = monthly_load_features(f, {});
    ASSERT_EQ(p.size(), 2u);
    EXPECT_EQ(p[0].start, k_jan);
    EXPECT_EQ(p[0].end, days_from_civil(2024, 2, 1) * k_day_ms);
    EXPECT_EQ(p[1].end, days_from_civil(2024, 3, 1) * k_day_ms);
    EXPECT_TRUE(p[0].usable);
    EXPECT_FALSE(p[1].usable);  // 10 of 29 days < min_coverage 0.5
    const auto& x = p[0].features;
    EXPECT_NEAR(x[feature("mean_kw")], (6 * 1.0 + 12 * 2.0 + 6 * 1.5) / 24, 1e-12);
    EXPECT_NEAR(x[feature("night_day_ratio")], 0.5, 1e-12);
    EXPECT_NEAR(x[feature("coverage")], 1.0, 1e-12);
    // Sorted, a day is 6 x 1, 6 x 1.5, 12 x 2: the median lies between 1.5 and 2.
    EXPECT_NEAR(x[feature("q50_rel")], 1.75 / 1.625, 1e-12);
    EXPECT_NEAR(x[feature("level_vs_unit")], 1.0, 1e-12);  // the only usable month
    EXPECT_TRUE(std::isnan(x[feature("t_mean")]));
    EXPECT_TRUE(std::isnan(x[feature("night_slope_kw_per_k")]));
    EXPECT_NEAR(x[feature("daily_kwh_cv")], 0.0, 1e-12);
}

TEST(LoadFeatures, HeatingSignatureOfATemperatureDrivenLoad) {
    // 15-min rows for January; each day has one temperature, night load = 3 - 0.2 T, day
    // load = 1 + 0.1 (15.5 - T): slope -0.2 kW/K, daily load perfectly tied to heating degrees.
    UnitFrame f("h2");
    const std::size_t rows = 31 * 96;
    f.set_grid(k_jan, 15 * k_minute_ms, rows);
    std::vector<double> load, temp;
    for (std::size_t i = 0; i < rows; ++i) {
        const std::size_t day = i / 96, hour = (i % 96) / 4;
        const double t = -5.0 + static_cast<double>((day * 7) % 15);
        temp.push_back(t);
        load.push_back(hour < 6 ? 3 - 0.2 * t : 1 + 0.1 * (15.5 - t));
    }
    f.get_or_add("load").values = load;
    f.get_or_add("t_outdoor").values = temp;
    const auto p = monthly_load_features(f, {});
    ASSERT_EQ(p.size(), 1u);
    const auto& x = p[0].features;
    EXPECT_NEAR(x[feature("night_slope_kw_per_k")], -0.2, 1e-9);
    EXPECT_NEAR(x[feature("hdd_corr")], 1.0, 1e-9);
    EXPECT_GT(x[feature("cold_warm_ratio")], 1.0);
    EXPECT_NEAR(
        x[feature("t_mean")],
        -5.0 +
            [] {
                double s = 0;
                for (int d = 0; d < 31; ++d) s += (d * 7) % 15;
                return s / 31;
            }(),
        1e-9);
}

TEST(LoadFeatures, AUnitWithoutTheLoadChannelIsNamed) {
    UnitFrame f("meter-9");
    f.set_grid(k_jan, k_hour_ms, 3);
    f.get_or_add("power").values = {1, 2, 3};
    try {
        monthly_load_features(f, {});
        FAIL() << "no error";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("meter-9"));
        EXPECT_THAT(e.what(), ::testing::HasSubstr("'load'"));
        EXPECT_THAT(e.what(), ::testing::HasSubstr("power"));
    }
}
