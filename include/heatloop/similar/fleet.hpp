#pragma once
/// Find-similar across a workspace's fleet: every unit's frame is read and searched in turn
/// (in parallel over threads, one unit in memory per thread), and the per-unit hits merged.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "heatloop/io/workspace.hpp"
#include "heatloop/similar/search.hpp"

namespace heatloop::similar {

/// What a fleet search found.
struct FleetResult {
    std::vector<Hit> hits;  ///< best first, at most `top`
    std::size_t units_searched = 0;
    /// Units not searched because they lack one of the pattern's channels (or have no data).
    std::vector<std::string> units_skipped;
};

/// The `top` windows of the whole fleet most similar to `pattern` (search_frame on every unit
/// of `ws`), never overlapping `excluded[unit]` spans. `threads` 0 = every core.
FleetResult search_fleet(const io::Workspace& ws, const Pattern& pattern,
                         const std::map<std::string, std::vector<Span>>& excluded, std::size_t top,
                         unsigned threads);

/// The channels to compare when none are given: those of `frame` with data throughout
/// `span` that every unit of `ws` with data has, except t_outdoor (the weather, not the
/// unit's behaviour), in the frame's order. InvalidInputError when none is left.
std::vector<std::string> default_channels(const io::Workspace& ws, const UnitFrame& frame,
                                          Span span);

}  // namespace heatloop::similar
