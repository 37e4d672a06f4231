#pragma once
/// Synthetic weather per location: a seasonal and a daily temperature cycle, a slowly
/// varying weather anomaly (AR(1)), cloudiness (AR(1) through a logistic), global horizontal
/// solar radiation from the sun's elevation and the clouds, and relative humidity.

#include <cstddef>
#include <string>
#include <vector>

#include "heatloop/core/time.hpp"
#include "heatloop/sim/random.hpp"

namespace heatloop::sim {

/// The climate of one location (all temperatures in degC).
struct ClimateParams {
    std::string location;
    double latitude_deg = 47.0;
    double longitude_deg = 8.0;
    double mean_temp_c = 9.0;           ///< annual mean
    double seasonal_amplitude_k = 9.0;  ///< half the difference between July and January
    double coldest_day = 19.0;          ///< day of the year of the seasonal minimum
    double daily_amplitude_k = 4.0;     ///< half the day-night swing on a clear summer day
    double anomaly_sd_k = 3.0;          ///< stationary SD of the weather anomaly
    double anomaly_tau_h = 60.0;        ///< correlation time of the weather anomaly
    double cloud_tau_h = 18.0;          ///< correlation time of cloudiness
    double cloud_bias = 0.0;            ///< > 0: a cloudier place

    /// The outdoor temperature heating systems are sized for (about the coldest days).
    double design_temp_c() const noexcept {
        return mean_temp_c - seasonal_amplitude_k - 3.5 * anomaly_sd_k;
    }
};

/// Draws a plausible central-European climate for a named location.
ClimateParams draw_climate(std::string location, Rng& rng);

/// The weather at one instant.
struct WeatherPoint {
    double temp_c = 0;        ///< outdoor air temperature
    double solar_w_m2 = 0;    ///< global horizontal irradiance
    double rel_humidity = 0;  ///< relative humidity, 0..1
};

/// Weather of one location on a regular grid; at() interpolates linearly between samples.
struct WeatherSeries {
    ClimateParams climate;
    Timestamp start = 0;
    Duration step = 10 * k_minute_ms;
    std::vector<double> temp_c, solar_w_m2, rel_humidity;

    /// Number of samples.
    std::size_t size() const noexcept { return temp_c.size(); }
    /// Time of sample i.
    Timestamp time(std::size_t i) const noexcept {
        return start + static_cast<Timestamp>(i) * step;
    }
    /// Weather at t, interpolated; clamped to the first and last sample outside the series.
    WeatherPoint at(Timestamp t) const noexcept;
};

/// Generates weather for [start, end] (both ends included) on a grid of `step`.
WeatherSeries generate_weather(const ClimateParams& climate, Timestamp start, Timestamp end,
                               Duration step, Rng& rng);

/// cos(2 pi (day - coldest_day) / year): +1 at the coldest time of year, -1 at the warmest.
double winterness(const ClimateParams& climate, Timestamp t) noexcept;

/// Sine of the sun's elevation at a place and UTC time (negative at night).
double solar_elevation_sine(double latitude_deg, double longitude_deg, Timestamp t) noexcept;

/// Clear-sky global horizontal irradiance [W/m2] for a solar elevation sine (Haurwitz).
double clear_sky_irradiance(double sin_elevation) noexcept;

/// Undisturbed ground temperature along a ~100 m borehole: the annual mean plus a small,
/// lagged seasonal swing from the top metres.
double ground_temperature(const ClimateParams& climate, Timestamp t) noexcept;

/// Temperature of the cold mains water entering a hot-water tank.
double cold_water_temperature(const ClimateParams& climate, Timestamp t) noexcept;

}  // namespace heatloop::sim
