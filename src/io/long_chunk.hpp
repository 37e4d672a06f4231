#pragma once
/// Long-format observations (time, channel, value) of one unit, pivoted into a frame.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/dense_chunk.hpp"

namespace heatloop::io {

/// Accumulates one unit's long-format rows in file order. Channels are indices into the
/// file's channel list, so a unit's frame holds only the channels it reported, in the
/// order the file first mentions them.
class LongChunk {
public:
    /// Adds one observation.
    void add(Timestamp t, std::uint32_t channel, double value, long line) {
        obs_.push_back(Observation{t, line, value, channel});
    }

    /// Observations held.
    std::size_t rows() const noexcept { return obs_.size(); }
    /// A measure of memory use comparable to DenseChunk::cells().
    std::size_t cells() const noexcept { return obs_.size() * 4; }

    /// Makes a frame for `unit`: the union of the observation times, sorted, one column per
    /// channel the unit reported (`names` indexed by channel), NaN where a channel has no
    /// observation at a time. Repeated (time, channel) pairs follow DenseChunk::take: equal
    /// or missing values merge (counted in `merged`), different values call `on_conflict`
    /// (Conflict::channel is the channel index) and the first is kept. Leaves the chunk empty.
    UnitFrame take(const std::string& unit, const std::vector<std::string>& names,
                   const ConflictHandler& on_conflict, std::size_t& merged);

    /// Drops every observation.
    void clear() noexcept { obs_.clear(); }

private:
    struct Observation {
        Timestamp time;
        long line;
        double value;
        std::uint32_t channel;
    };
    std::vector<Observation> obs_;
};

}  // namespace heatloop::io
