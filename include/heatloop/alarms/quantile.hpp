#pragma once
/// Order statistics of score samples as numpy computes them (NaN values skipped): the
/// training-score percentile of an alarm policy, the p90 of detection delays, the quantile
/// grid of a threshold sweep.

#include <span>
#include <vector>

namespace heatloop::alarms {

/// The finite values of `values`, in order.
std::vector<double> finite_values(std::span<const double> values);

/// Quantile q in [0, 1] of the finite values, interpolating linearly between order
/// statistics (numpy.quantile's default); NaN when there is no finite value.
double quantile(std::span<const double> values, double q);

/// Several quantiles of the same values (one sort).
std::vector<double> quantiles(std::span<const double> values, std::span<const double> qs);

/// Mean of the finite values; NaN when there is none.
double mean(std::span<const double> values);

/// Population standard deviation (ddof = 0, numpy's default) of the finite values; NaN when
/// there is none.
double stddev(std::span<const double> values);

}  // namespace heatloop::alarms
