#include "heatloop/sim/weather.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace heatloop;
using namespace heatloop::sim;

namespace {
constexpr Timestamp k_2024 = 1704067200000;

WeatherSeries year(std::uint64_t seed) {
    Rng c(seed), w(seed + 100);
    return generate_weather(draw_climate("x", c), k_2024, k_2024 + 366 * k_day_ms, 10 * k_minute_ms,
                            w);
}

double mean_between(const WeatherSeries& w, const std::vector<double>& v, Timestamp a,
                    Timestamp b) {
    double s = 0;
    int n = 0;
    for (std::size_t i = 0; i < w.size(); ++i)
        if (w.time(i) >= a && w.time(i) < b) {
            s += v[i];
            ++n;
        }
    return s / n;
}
}  // namespace

TEST(Weather, SeasonsDaysAndNightsAreWhereTheyBelong) {
    WeatherSeries w = year(1);
    double jan = mean_between(w, w.temp_c, k_2024, k_2024 + 31 * k_day_ms);
    double jul = mean_between(w, w.temp_c, k_2024 + 182 * k_day_ms, k_2024 + 213 * k_day_ms);
    EXPECT_GT(jul - jan, 10.0);
    EXPECT_GT(jan, -12.0);
    EXPECT_LT(jul, 28.0);
    // Afternoons are warmer than early mornings on average (UTC+~0.5 h solar time).
    double afternoon = 0, morning = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        auto minute = (w.time(i) % k_day_ms) / k_minute_ms;
        if (minute == 14 * 60) afternoon += w.temp_c[i];
        if (minute == 4 * 60) morning += w.temp_c[i];
    }
    EXPECT_GT(afternoon - morning, 3.0 * 300);
}

TEST(Weather, SolarRadiationIsZeroAtNightAndBelowClearSky) {
    WeatherSeries w = year(2);
    double summer_noon = 0, winter_noon = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        Timestamp t = w.time(i);
        double clear = clear_sky_irradiance(
            solar_elevation_sine(w.climate.latitude_deg, w.climate.longitude_deg, t));
        ASSERT_GE(w.solar_w_m2[i], 0.0);
        ASSERT_LE(w.solar_w_m2[i], clear + 1e-9);
        auto minute = (t % k_day_ms) / k_minute_ms;
        if (minute == 0) {  // midnight UTC is night here
            ASSERT_EQ(w.solar_w_m2[i], 0.0);
        }
        if (minute == 11 * 60 + 30) {
            auto day = (t - k_2024) / k_day_ms;
            if (day >= 160 && day < 200) summer_noon += clear;
            if (day < 40 || day >= 340) winter_noon += clear;
        }
        ASSERT_GE(w.rel_humidity[i], 0.2);
        ASSERT_LE(w.rel_humidity[i], 1.0);
    }
    EXPECT_GT(summer_noon / 40, 750.0);
    EXPECT_LT(winter_noon / 66, 450.0);
}

TEST(Weather, AnomalyIsAutocorrelatedAndInterpolationIsLinear) {
    WeatherSeries w = year(3);
    // Hour-to-hour changes are small compared with the spread: AR(1), not white noise.
    double d2 = 0, var = 0, mean = 0;
    for (double t : w.temp_c) mean += t;
    mean /= static_cast<double>(w.size());
    for (std::size_t i = 6; i < w.size(); ++i) {
        d2 += std::pow(w.temp_c[i] - w.temp_c[i - 6], 2);
        var += std::pow(w.temp_c[i] - mean, 2);
    }
    EXPECT_LT(d2, 0.1 * var);
    Timestamp mid = w.time(10) + 5 * k_minute_ms;
    EXPECT_NEAR(w.at(mid).temp_c, 0.5 * (w.temp_c[10] + w.temp_c[11]), 1e-12);
    EXPECT_EQ(w.at(w.time(0) - k_hour_ms).temp_c, w.temp_c.front());
}

TEST(Weather, SameSeedSameWeather) {
    WeatherSeries a = year(9), b = year(9), c = year(10);
    EXPECT_EQ(a.temp_c, b.temp_c);
    EXPECT_EQ(a.solar_w_m2, b.solar_w_m2);
    EXPECT_NE(a.temp_c, c.temp_c);
}

TEST(Weather, GroundAndMainsWaterLagTheAir) {
    ClimateParams c;
    double ground_jan = ground_temperature(c, k_2024 + 15 * k_day_ms);
    double ground_mar = ground_temperature(c, k_2024 + 80 * k_day_ms);
    EXPECT_LT(ground_mar, ground_jan);  // coldest in spring
    EXPECT_NEAR(ground_mar, c.mean_temp_c + 0.5, 0.3);
    EXPECT_GE(cold_water_temperature(c, k_2024), 4.0);
    EXPECT_LT(c.design_temp_c(), c.mean_temp_c - c.seasonal_amplitude_k);
}
