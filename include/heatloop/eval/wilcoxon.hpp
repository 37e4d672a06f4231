#pragma once
/// The Wilcoxon signed-rank test of paired differences (two-sided).

#include <cstddef>
#include <span>

namespace heatloop::eval {

/// Result of wilcoxon_signed_rank().
struct WilcoxonResult {
    std::size_t n = 0;      ///< non-zero differences ranked
    std::size_t zeros = 0;  ///< zero differences dropped
    double w_plus = 0.0;    ///< rank sum of the positive differences
    double w_minus = 0.0;   ///< rank sum of the negative differences
    double p_value = 0.0;   ///< two-sided; NaN when n == 0
    bool exact = false;     ///< true when the exact null distribution was used
};

/// Two-sided Wilcoxon signed-rank test of `differences` (NaN skipped). Zero differences
/// are dropped (scipy's default zero_method "wilcox"); |d| is ranked with average ranks for
/// ties. With n <= 50 and no ties the p-value is exact: 2 * P(T <= min(W+, W-)) under the
/// null distribution of the signed-rank sum (capped at 1). Otherwise the normal
/// approximation with tie correction of the variance and continuity correction
/// (scipy.stats.wilcoxon(..., correction=True, method="approx"), R's wilcox.test):
/// z = (W+ - n(n+1)/4 - 0.5 sign(W+ - n(n+1)/4)) / sqrt(n(n+1)(2n+1)/24 - sum(t^3 - t)/48).
WilcoxonResult wilcoxon_signed_rank(std::span<const double> differences);

}  // namespace heatloop::eval
