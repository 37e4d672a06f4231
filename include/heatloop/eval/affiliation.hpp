#pragma once
/// Affiliation precision and recall (Huet, Navarro, Rossi: "Local Evaluation of Time Series
/// Anomaly Detection Algorithms", KDD 2022), ported from the authors' `affiliation` package
/// as TSB-AD 1.5 ships it (`TSB_AD/evaluation/affiliation`, `pr_from_events`).

#include <cstddef>
#include <cstdint>
#include <span>

namespace heatloop::eval {

/// A half-open event [start, stop) on the sample axis (sample i covers [i, i + 1)).
struct EventInterval {
    double start;  ///< first instant inside
    double stop;   ///< first instant after
};

/// Per ground-truth-event sums, additive over units: precision = precision_sum /
/// precision_events (events with a prediction in their affiliation zone), recall =
/// recall_sum / recall_events (all ground-truth events).
struct AffiliationSums {
    double precision_sum = 0.0;        ///< sum of defined individual precisions
    std::size_t precision_events = 0;  ///< events with a defined precision
    double recall_sum = 0.0;           ///< sum of individual recalls
    std::size_t recall_events = 0;     ///< ground-truth events
    /// Adds another unit's sums.
    AffiliationSums& operator+=(const AffiliationSums& o);
    /// Mean individual precision probability; NaN when no event has a prediction nearby.
    double precision() const;
    /// Mean individual recall probability; NaN without ground-truth events.
    double recall() const;
};

/// The sums for sorted, disjoint, non-empty events inside `range` [0, length):
/// - the series is cut into affiliation zones, one per ground-truth event J (midpoints
///   between consecutive events; the ends of `range` bound the first and last zone);
/// - precision of J: the mean over the predictions inside J's zone (clipped to it) of the
///   survival probability of their distance to J against a point drawn uniformly in the zone
///   (undefined, left out, without a prediction in the zone);
/// - recall of J: the mean over J of the survival probability of the distance to the
///   nearest prediction in the zone (0 without a prediction in the zone).
/// Throws InvalidInputError for unsorted, overlapping or empty events, or events outside
/// the range.
AffiliationSums affiliation_sums(std::span<const EventInterval> truth,
                                 std::span<const EventInterval> predicted, EventInterval range);

/// affiliation_sums over the runs of two 0/1 masks of equal length n (each run [a, b] is the
/// event [a, b + 1), as `convert_vector_to_events`), range [0, n). Throws InvalidInputError
/// when the lengths differ.
AffiliationSums affiliation_sums(std::span<const std::uint8_t> truth,
                                 std::span<const std::uint8_t> predicted);

}  // namespace heatloop::eval
