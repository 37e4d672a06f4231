#pragma once
// Internal order statistics shared by robust outliers, constant-channel detection and
// scalers. Numbers follow numpy: the median of an even count is the mean of the two middle
// values. Quantiles live in core (heatloop/core/quantile.hpp).

#include <cstddef>
#include <span>
#include <vector>

namespace heatloop::prep::detail {

/// Appends the non-missing values of `values` to `out` (cleared first).
void collect_present(std::span<const double> values, std::vector<double>& out);

/// Median of `v` (reordered in place); NaN when empty.
double median_inplace(std::span<double> v);

/// Median absolute deviation from `center` of `v` (overwritten with the deviations).
double mad_inplace(std::span<double> v, double center);

/// Median of an ascending range; NaN when empty.
double sorted_median(std::span<const double> sorted);

/// Median absolute deviation from `center` of an ascending range, in O(log n).
double sorted_mad(std::span<const double> sorted, double center);

/// 1 / Phi^-1(3/4): scales a MAD to a consistent estimate of the standard deviation of
/// normally distributed data.
inline constexpr double k_mad_to_sigma = 1.482602218505602;

}  // namespace heatloop::prep::detail
