#pragma once
/// Where failures are injected: seeded random start times inside a unit's normal periods,
/// i.e. with enough clean history before, clean data after, and away from labels, data gaps
/// and each other.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/eval/inputs.hpp"

namespace heatloop::testbench {

/// Placement settings.
struct PlacementParams {
    std::size_t per_unit = 3;            ///< failures per unit (fewer when there is no room)
    Duration duration = 24 * k_hour_ms;  ///< length of each failure
    Duration history = 3 * k_day_ms;     ///< normal data required before a start
    Duration after = 1 * k_day_ms;       ///< normal data required after a failure's end
    Duration separation = 1 * k_day_ms;  ///< minimum gap between two failures of a unit
};

/// Throws InvalidInputError naming the setting for a non-positive duration or a negative
/// history, after or separation.
void validate(const PlacementParams& params);

/// Up to params.per_unit failure starts on the grid of `frame`, sorted. A start t0 is
/// allowed when [t0 - history, t0 + duration + after) lies inside the frame and touches no
/// forbidden span (labels of any status, whole-row data gaps), and the failure is at least
/// `separation` away from the others. Starts are drawn uniformly over the allowed time from
/// a stream seeded by `seed` and the unit id, so the same seed gives the same starts.
std::vector<Timestamp> choose_failure_starts(const UnitFrame& frame,
                                             std::span<const eval::Interval> forbidden,
                                             const PlacementParams& params, std::uint64_t seed);

/// The spans failures must avoid on a unit: every label of the unit (any status) and the
/// frame's whole-row gaps, sorted and merged.
std::vector<eval::Interval> forbidden_spans(const UnitFrame& frame,
                                            std::span<const eval::EvalLabel> labels);

}  // namespace heatloop::testbench
