#pragma once
/// Summaries of cached series, computed when a series is written.

#include "heatloop/core/frame.hpp"
#include "heatloop/io/workspace.hpp"

namespace heatloop::io {

/// Span, rows and per-channel present count, min/mean/max and gaps of `frame` (file left "").
SeriesSummary summarize(const UnitFrame& frame);

}  // namespace heatloop::io
