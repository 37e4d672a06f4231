#include "heatloop/core/quantile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace heatloop {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

// numpy's lerp: from the nearer end so that t = 0 and t = 1 return a and b exactly.
double lerp(double a, double b, double t) {
    const double d = b - a;
    return t < 0.5 ? a + d * t : b - d * (1.0 - t);
}

}  // namespace

std::vector<double> finite_values(std::span<const double> values) {
    std::vector<double> out;
    out.reserve(values.size());
    for (double v : values)
        if (std::isfinite(v)) out.push_back(v);
    return out;
}

double quantile_inplace(std::span<double> v, double q) {
    const std::size_t n = v.size();
    if (n == 0) return k_nan;
    const double pos = q * static_cast<double>(n - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    auto lo_it = v.begin() + static_cast<std::ptrdiff_t>(lo);
    std::nth_element(v.begin(), lo_it, v.end());
    const double a = *lo_it;
    if (lo + 1 >= n) return a;
    // After nth_element the next order statistic is the minimum of the upper part.
    const double b = *std::min_element(lo_it + 1, v.end());
    return lerp(a, b, pos - static_cast<double>(lo));
}

double sorted_quantile(std::span<const double> s, double q) {
    if (s.empty()) return k_nan;
    const double pos = q * static_cast<double>(s.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    if (lo + 1 >= s.size()) return s.back();
    return lerp(s[lo], s[lo + 1], pos - static_cast<double>(lo));
}

double quantile(std::span<const double> values, double q) {
    std::vector<double> v = finite_values(values);
    return quantile_inplace(v, q);
}

std::vector<double> quantiles(std::span<const double> values, std::span<const double> qs) {
    std::vector<double> s = finite_values(values);
    std::sort(s.begin(), s.end());
    std::vector<double> out;
    out.reserve(qs.size());
    for (double q : qs) out.push_back(sorted_quantile(s, q));
    return out;
}

double mean(std::span<const double> values) {
    double sum = 0;
    std::size_t n = 0;
    for (double v : values)
        if (std::isfinite(v)) sum += v, ++n;
    return n == 0 ? k_nan : sum / static_cast<double>(n);
}

double stddev(std::span<const double> values) {
    const double m = mean(values);
    if (std::isnan(m)) return k_nan;
    double ss = 0;
    std::size_t n = 0;
    for (double v : values)
        if (std::isfinite(v)) ss += (v - m) * (v - m), ++n;
    return std::sqrt(ss / static_cast<double>(n));
}

}  // namespace heatloop
