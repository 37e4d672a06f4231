#pragma once
/// Find-similar on one unit's frame: the windows most like a query window (a label's span on
/// some channels), ranked by the z-normalised distance of distance_profile.hpp, at most one
/// hit per region (hits never overlap each other, the query, or excluded spans).

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/core/time.hpp"

namespace heatloop::similar {

/// A half-open span [start, end) of one unit's time.
struct Span {
    Timestamp start = 0;
    Timestamp end = 0;
};

/// Knobs of the search.
struct SearchOptions {
    std::size_t top = 20;  ///< hits to return (1..1000)
    /// Longer queries are compared on block means of `factor` grid steps so the query has at
    /// most this many points (a 4-day label at 1 min: 5760 steps, compared at 12 min).
    std::size_t max_points = 480;
};

/// A query window, prepared: its channels' values on the (possibly coarsened) grid.
struct Pattern {
    std::string unit_id;
    Span span;                                ///< the label's span (hits have its length)
    std::vector<std::string> channels;        ///< in order
    std::vector<std::vector<double>> values;  ///< per channel, `points` values
    std::size_t points = 0;                   ///< query length on the coarse grid
    std::size_t factor = 1;                   ///< grid steps per coarse point
    Duration step = 0;                        ///< the frame's grid step
    /// The query's first grid time: every frame is coarsened in blocks in phase with it.
    Timestamp origin = 0;
};

/// The query of `span` on `channels` of `frame` (a grid frame). InvalidInputError when the
/// frame is not on a grid, a channel is missing from it (listing those it has), the span
/// holds fewer than 2 coarse points or lies outside the data, or a channel has missing values
/// in it (naming the channel and how many).
Pattern make_pattern(const UnitFrame& frame, Span span, std::span<const std::string> channels,
                     const SearchOptions& options);

/// One similar window.
struct Hit {
    std::string unit_id;
    Timestamp start = 0;
    Timestamp end = 0;         ///< start + the query's duration
    double distance = 0.0;     ///< sqrt of the summed squared z-normalised distances
    double correlation = 0.0;  ///< 1 - d^2 / (2 m channels): the mean Pearson correlation
};

/// The `top` best windows of `frame` (the same unit as the pattern or another), best first:
/// greedy on the distance profile, a window taken only when it overlaps no hit taken before,
/// no excluded span and, on the pattern's own unit, not the query's span. Windows with a
/// missing value are never hits. A frame lacking one of the pattern's channels gives none.
std::vector<Hit> search_frame(const Pattern& pattern, const UnitFrame& frame,
                              std::span<const Span> excluded, std::size_t top);

/// The best `top` of several units' hits (each unit's list from search_frame), best first;
/// ties by unit and time, so the order is deterministic.
std::vector<Hit> best_hits(std::vector<Hit> hits, std::size_t top);

/// The mean of each run of `factor` values (NaN when fewer than half of them are present);
/// the last, shorter run is dropped.
std::vector<double> coarsen(std::span<const double> values, std::size_t factor);

}  // namespace heatloop::similar
