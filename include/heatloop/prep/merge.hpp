#pragma once
/// Merging a newly resampled frame into one already stored for the same unit (ingest of a
/// file that brings more data for a unit in the workspace).

#include "heatloop/core/frame.hpp"

namespace heatloop::prep {

/// Merge `update` into `base`; both must be on the same grid (same step, cell times aligned).
///
/// The rule:
/// - Time axis: the union span, from the earlier start to the later end; cells covered by
///   neither frame are missing.
/// - Channels: base's channels in their order, then update's new channels in theirs.
/// - Values: in each cell update's non-missing value wins; where update is missing (or lacks
///   the channel or the cell), base's value stays.
/// - Gaps, recomputed per channel: a cell is in a gap when its merged value is missing and
///   neither frame had data for it there (the cell was outside that frame, the frame lacks the
///   channel, or the cell lay in one of that frame's gaps for the channel or for every channel).
///   A value missing for another reason (e.g. removed as an outlier) is not turned into a gap.
///   Whole-frame gaps (channel "") become per-channel gaps.
/// - No forward fill across the seam: cells between the two spans stay missing (gaps).
///
/// A frame with no rows contributes only its channels. Throws InvalidInputError when unit ids
/// differ (both non-empty), a frame with rows has no grid, steps differ or grids are offset.
void merge_onto(UnitFrame& base, const UnitFrame& update);

}  // namespace heatloop::prep
