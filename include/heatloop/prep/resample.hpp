#pragma once
/// Resampling raw observations onto a fixed grid with bounded forward fill; every span
/// left missing is recorded as a gap (DESIGN.md "Preprocessing").

#include "heatloop/core/frame.hpp"

namespace heatloop::prep {

/// How to put a raw frame on a grid.
struct ResampleOptions {
    Duration step = k_minute_ms;              ///< grid step
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
UnitFrame resample(const UnitFrame& raw, const ResampleOptions& options);

}  // namespace heatloop::prep
