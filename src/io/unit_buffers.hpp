#pragma once
/// The streaming policy: which units' rows are held, and when they are handed on.

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace heatloop::io {

/// When buffered rows are flushed. A unit is flushed once it has not appeared for
/// `idle_rows` rows (a file grouped by unit thus holds about one unit at a time), and every
/// unit is flushed when all buffers together exceed `max_cells` (a file sorted by time with
/// many units interleaved then yields a few large chunks per unit instead of tiny ones).
struct BufferPolicy {
    std::size_t idle_rows = 1 << 16;
    std::size_t max_cells = std::size_t{1} << 25;
};

/// One buffer (a DenseChunk or LongChunk) per unit seen, flushed by BufferPolicy through
/// `flush(unit, chunk)`, which must leave the chunk empty. Units are flushed at the end in
/// the order they first appeared.
template <class Chunk>
class UnitBuffers {
public:
    /// `make` creates an empty chunk; `flush` hands a non-empty one on.
    UnitBuffers(std::function<Chunk()> make, std::function<void(const std::string&, Chunk&)> flush,
                BufferPolicy policy = {})
        : make_(std::move(make)), flush_(std::move(flush)), policy_(policy) {}

    /// The buffer of `unit`, created on first use, for the next `rows` rows of the file (all
    /// of this unit): advances the row clock, applying the policy every
    /// BufferPolicy::idle_rows rows.
    Chunk& at(std::string_view unit, std::size_t rows = 1) {
        const std::size_t before = row_;
        row_ += rows;
        if (last_ >= slots_.size() || slots_[last_].unit != unit) {
            auto it = index_.find(unit);
            if (it == index_.end()) {
                it = index_.emplace(std::string(unit), slots_.size()).first;
                slots_.push_back(Slot{std::string(unit), make_(), row_});
            }
            last_ = it->second;
        }
        slots_[last_].seen = row_;
        if (before / policy_.idle_rows != row_ / policy_.idle_rows) sweep();
        return slots_[last_].chunk;
    }

    /// Flushes every non-empty buffer in first-seen order.
    void flush_all() {
        for (Slot& s : slots_)
            if (s.chunk.rows() > 0) flush_(s.unit, s.chunk);
    }

    /// Number of distinct units seen.
    std::size_t units() const noexcept { return slots_.size(); }

private:
    struct Slot {
        std::string unit;
        Chunk chunk;
        std::size_t seen;
    };

    // Applies the policy; the unit being added to counts as just seen.
    void sweep() {
        std::size_t cells = 0;
        for (Slot& s : slots_) {
            if (s.chunk.rows() == 0) continue;
            if (row_ - s.seen >= policy_.idle_rows)
                flush_(s.unit, s.chunk);
            else
                cells += s.chunk.cells();
        }
        if (cells > policy_.max_cells) flush_all();
    }

    std::function<Chunk()> make_;
    std::function<void(const std::string&, Chunk&)> flush_;
    BufferPolicy policy_;
    std::vector<Slot> slots_;
    std::map<std::string, std::size_t, std::less<>> index_;
    std::size_t last_ = static_cast<std::size_t>(-1);
    std::size_t row_ = 0;
};

}  // namespace heatloop::io
