#pragma once
/// Resampling raw observations onto a fixed grid with bounded forward fill; every span
/// left missing is recorded as a gap (DESIGN.md "Preprocessing", docs/preprocessing.md).

#include "heatloop/core/frame.hpp"

namespace heatloop::prep {

/// How to put a raw frame on a grid.
struct ResampleOptions {
    Duration step = k_minute_ms;                ///< grid step
    Duration ffill_max_gap = 30 * k_minute_ms;  ///< longest span a value is carried forward
    /// Long-format (store-on-change) data: a channel's last value holds for as long as the
    /// unit reports anything at all within ffill_max_gap, since silence means "unchanged".
    bool hold_while_reporting = false;
};

/// Resample an irregular frame (times sorted, unique) onto the grid
/// floor(first/step)*step ... floor(last/step)*step. Each cell [t, t+step) takes the last
/// observation in it (like pandas resample().last()); empty cells are forward-filled up to
/// ffill_max_gap / step cells (like ffill(limit=...)); beyond that they stay missing and the
/// span is added to the frame's gaps for that channel.
///
/// Details: "observation" means a non-missing value (NaN entries of a raw row are skipped,
/// as pandas' last() skips NaN). The fill limit is floor(ffill_max_gap / step) cells (0 = no
/// fill). Every maximal run of missing cells of a channel, including a leading run before its
/// first value and a trailing run to the end of the grid, becomes one GapSpan
/// [first missing cell, next non-missing cell or grid end). With hold_while_reporting a cell
/// is filled with the channel's last value when the unit had an observation of any channel at
/// most floor(ffill_max_gap / step) cells earlier; once the unit has been silent for longer the
/// hold ends and the channel stays missing until it is observed again. Gaps already in `raw`
/// are not carried over. Costs O(rows x channels + cells x channels) with no per-cell
/// allocation. Throws InvalidInputError for a non-positive step, a negative ffill_max_gap,
/// times out of order, or a grid of more than 2^31 cells.
UnitFrame resample(const UnitFrame& raw, const ResampleOptions& options);

}  // namespace heatloop::prep
