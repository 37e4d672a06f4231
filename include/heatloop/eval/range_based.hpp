#pragma once
/// Range-based precision and recall for time series (Tatbul, Lee, Zdonik, Alam, Gottschlich:
/// "Precision and Recall for Time Series", NeurIPS 2018) on a sampled time axis.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "heatloop/eval/options.hpp"

namespace heatloop::eval {

/// An inclusive run of sample indices [first, last].
struct IndexRange {
    std::size_t first = 0;
    std::size_t last = 0;
    bool operator==(const IndexRange&) const = default;
};

/// Maximal runs of non-zero entries of `mask`.
std::vector<IndexRange> runs_of(std::span<const std::uint8_t> mask);

/// Per-range sums, additive over units: precision = precision_sum / predicted_ranges,
/// recall = recall_sum / real_ranges.
struct RangeSums {
    double precision_sum = 0.0;
    std::size_t predicted_ranges = 0;
    double recall_sum = 0.0;
    std::size_t real_ranges = 0;
    RangeSums& operator+=(const RangeSums& o);
};

/// Sum over positions i in [a, b] (1-based, within a range of length n) of the bias delta:
/// flat 1, front n - i + 1, back i, middle i for i <= n/2 else n - i + 1.
double bias_weight(Bias bias, std::size_t n, std::size_t a, std::size_t b);

/// The sums for real and predicted ranges (each sorted, non-overlapping):
///   Recall_T(R_i)    = alpha * Existence + (1 - alpha) * gamma(R_i) * sum_j omega(R_i, R_i ^ P_j)
///   Precision_T(P_j) = gamma(P_j) * sum_i omega(P_j, P_j ^ R_i)   (alpha = 0 for precision)
/// where omega is the bias-weighted share of the range covered by the overlap and gamma is
/// 1, or 1/x with x > 1 overlapping ranges under the reciprocal cardinality.
RangeSums range_sums(std::span<const IndexRange> real, std::span<const IndexRange> predicted,
                     const RangeOptions& options);

/// range_sums over the runs of two masks of equal length.
RangeSums range_sums(std::span<const std::uint8_t> real, std::span<const std::uint8_t> predicted,
                     const RangeOptions& options);

}  // namespace heatloop::eval
