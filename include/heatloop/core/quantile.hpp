#pragma once
/// Order statistics as numpy computes them, the one home of quantiles in heatloop: the
/// training-score percentile of an alarm policy, a model's residual scale, a scaler's
/// interquartile range, the p90 of detection delays, the quantile grid of a threshold sweep.
/// Quantiles interpolate linearly between order statistics (numpy.quantile's default method,
/// with numpy's lerp so that q = 0 and q = 1 return the extremes exactly).

#include <span>
#include <vector>

namespace heatloop {

/// The finite values of `values`, in order.
std::vector<double> finite_values(std::span<const double> values);

/// Quantile q in [0, 1] of `v` (no NaN; reordered in place, O(n)); NaN when empty.
double quantile_inplace(std::span<double> v, double q);

/// Quantile q in [0, 1] of an ascending range; NaN when empty.
double sorted_quantile(std::span<const double> sorted, double q);

/// Quantile q in [0, 1] of the finite values (NaN and infinities skipped); NaN when there is
/// no finite value.
double quantile(std::span<const double> values, double q);

/// Several quantiles of the same finite values (one sort).
std::vector<double> quantiles(std::span<const double> values, std::span<const double> qs);

/// Mean of the finite values; NaN when there is none.
double mean(std::span<const double> values);

/// Population standard deviation (ddof = 0, numpy's default) of the finite values; NaN when
/// there is none.
double stddev(std::span<const double> values);

}  // namespace heatloop
