#include "heatloop/sim/weather.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace heatloop::sim {

namespace {

constexpr double k_two_pi = 2.0 * std::numbers::pi;
constexpr double k_year_days = 365.2425;
constexpr double k_deg = std::numbers::pi / 180.0;

double days_since_epoch(Timestamp t) noexcept {
    return static_cast<double>(t) / static_cast<double>(k_day_ms);
}

double logistic(double x) noexcept {
    return 1.0 / (1.0 + std::exp(-x));
}

}  // namespace

ClimateParams draw_climate(std::string location, Rng& rng) {
    ClimateParams c;
    c.location = std::move(location);
    c.latitude_deg = rng.uniform(45.5, 53.5);
    c.longitude_deg = rng.uniform(6.0, 15.0);
    // Colder further north and inland (a crude continentality from longitude).
    c.mean_temp_c = 10.5 - 0.35 * (c.latitude_deg - 46.0) - 0.15 * (c.longitude_deg - 6.0) +
                    rng.normal(0.0, 0.6);
    c.seasonal_amplitude_k = 8.0 + 0.25 * (c.longitude_deg - 6.0) + rng.uniform(-0.5, 0.5);
    c.coldest_day = rng.uniform(14.0, 26.0);
    c.daily_amplitude_k = rng.uniform(3.5, 5.5);
    c.anomaly_sd_k = rng.uniform(2.5, 3.5);
    c.anomaly_tau_h = rng.uniform(48.0, 84.0);
    c.cloud_tau_h = rng.uniform(12.0, 24.0);
    c.cloud_bias = rng.uniform(-0.4, 0.4);
    return c;
}

double winterness(const ClimateParams& climate, Timestamp t) noexcept {
    return std::cos(k_two_pi * (days_since_epoch(t) - climate.coldest_day) / k_year_days);
}

double solar_elevation_sine(double latitude_deg, double longitude_deg, Timestamp t) noexcept {
    double d = days_since_epoch(t);
    // Declination; the March equinox falls on about day 79 of the year.
    double decl = 23.44 * k_deg * std::sin(k_two_pi * (d - 79.3) / k_year_days);
    double utc_hours = (d - std::floor(d)) * 24.0;
    double hour_angle = k_two_pi * (utc_hours + longitude_deg / 15.0 - 12.0) / 24.0;
    double lat = latitude_deg * k_deg;
    return std::sin(lat) * std::sin(decl) + std::cos(lat) * std::cos(decl) * std::cos(hour_angle);
}

double clear_sky_irradiance(double sin_elevation) noexcept {
    if (sin_elevation <= 0.01) return 0.0;
    return 1098.0 * sin_elevation * std::exp(-0.057 / sin_elevation);
}

double ground_temperature(const ClimateParams& climate, Timestamp t) noexcept {
    double d = days_since_epoch(t) - climate.coldest_day - 60.0;  // lags the air by ~2 months
    return climate.mean_temp_c + 1.5 - 1.0 * std::cos(k_two_pi * d / k_year_days);
}

double cold_water_temperature(const ClimateParams& climate, Timestamp t) noexcept {
    double d = days_since_epoch(t) - climate.coldest_day - 40.0;
    return std::max(4.0, climate.mean_temp_c + 1.0 - 4.0 * std::cos(k_two_pi * d / k_year_days));
}

WeatherPoint WeatherSeries::at(Timestamp t) const noexcept {
    if (temp_c.empty()) return {};
    if (t <= start) return {temp_c.front(), solar_w_m2.front(), rel_humidity.front()};
    auto offset = t - start;
    auto i = static_cast<std::size_t>(offset / step);
    if (i + 1 >= size()) return {temp_c.back(), solar_w_m2.back(), rel_humidity.back()};
    double f =
        static_cast<double>(offset - static_cast<Timestamp>(i) * step) / static_cast<double>(step);
    auto lerp = [&](const std::vector<double>& v) { return v[i] + f * (v[i + 1] - v[i]); };
    return {lerp(temp_c), lerp(solar_w_m2), lerp(rel_humidity)};
}

WeatherSeries generate_weather(const ClimateParams& climate, Timestamp start, Timestamp end,
                               Duration step, Rng& rng) {
    WeatherSeries w;
    w.climate = climate;
    w.start = start;
    w.step = step;
    auto n = static_cast<std::size_t>((end - start) / step) + 1;
    if (w.time(n - 1) < end) ++n;
    w.temp_c.resize(n);
    w.solar_w_m2.resize(n);
    w.rel_humidity.resize(n);

    double step_h = static_cast<double>(step) / static_cast<double>(k_hour_ms);
    double phi_a = std::exp(-step_h / climate.anomaly_tau_h);
    double phi_c = std::exp(-step_h / climate.cloud_tau_h);
    constexpr double cloud_sd = 1.3;
    // Start the AR(1) processes in their stationary distributions.
    double anomaly = rng.normal(0.0, climate.anomaly_sd_k);
    double cloud_z = rng.normal(0.0, cloud_sd);
    for (std::size_t i = 0; i < n; ++i) {
        Timestamp t = w.time(i);
        anomaly =
            phi_a * anomaly + std::sqrt(1.0 - phi_a * phi_a) * climate.anomaly_sd_k * rng.normal();
        cloud_z = phi_c * cloud_z + std::sqrt(1.0 - phi_c * phi_c) * cloud_sd * rng.normal();
        double wint = winterness(climate, t);
        double cloud = logistic(cloud_z + climate.cloud_bias + 0.6 * wint);

        double sin_el = solar_elevation_sine(climate.latitude_deg, climate.longitude_deg, t);
        double ghi = clear_sky_irradiance(sin_el) * (1.0 - 0.75 * std::pow(cloud, 3.4));

        double d = days_since_epoch(t);
        double solar_hours = (d - std::floor(d)) * 24.0 + climate.longitude_deg / 15.0;
        double daily_amp = climate.daily_amplitude_k * (0.75 - 0.25 * wint) * (1.0 - 0.5 * cloud);
        double daily = daily_amp * std::cos(k_two_pi * (solar_hours - 15.0) / 24.0);
        // Clear winter skies are colder, clear summer skies warmer.
        double sky = -2.0 * (0.5 - cloud) * wint;
        double seasonal = climate.mean_temp_c - climate.seasonal_amplitude_k * wint;
        double temp = seasonal + daily + sky + anomaly + rng.normal(0.0, 0.1);

        double rh =
            0.60 + 0.30 * cloud - 0.04 * daily - 0.005 * (seasonal - 9.0) + rng.normal(0.0, 0.02);
        w.temp_c[i] = temp;
        w.solar_w_m2[i] = std::max(0.0, ghi);
        w.rel_humidity[i] = std::clamp(rh, 0.2, 1.0);
    }
    return w;
}

}  // namespace heatloop::sim
