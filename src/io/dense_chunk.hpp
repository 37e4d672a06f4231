#pragma once
/// Rows of one unit on a fixed set of channels, turned into a sorted, duplicate-free frame.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "io/vector_pool.hpp"

namespace heatloop::io {

/// A duplicate timestamp whose rows disagree on a channel: the later row's line, the
/// channel index, the kept (earlier) and rejected values, and the earlier row's line.
struct Conflict {
    Timestamp time;
    long line;
    std::size_t channel;
    double kept, rejected;
    long first_line;
};

/// Receives each conflict found while a chunk is taken.
using ConflictHandler = std::function<void(const Conflict&)>;

/// Accumulates rows (time, source line, one value per channel) in file order, as pieces:
/// whole parsed blocks are adopted without a copy, partial ones appended to a growing
/// piece. take() joins the pieces once, into vectors of the exact size.
class DenseChunk {
public:
    /// An empty chunk of `channels` columns; pieces it joins go back to `pool`, if given.
    explicit DenseChunk(std::size_t channels, VectorPool* pool = nullptr)
        : channels_(channels), pool_(pool) {}

    /// Appends rows [begin, begin + n) of parallel arrays (times, source lines, one column
    /// per channel), adding `line_offset` to the lines.
    void append(const std::vector<Timestamp>& times, const std::vector<long>& lines,
                const std::vector<std::vector<double>>& columns, std::size_t begin, std::size_t n,
                long line_offset = 0);
    /// Appends whole arrays, taking them over without a copy.
    void adopt(std::vector<Timestamp>&& times, std::vector<long>&& lines,
               std::vector<std::vector<double>>&& columns, long line_offset = 0);

    /// Rows held.
    std::size_t rows() const noexcept { return rows_; }
    /// Values held (rows x (channels + 2)), the measure of memory use.
    std::size_t cells() const noexcept { return rows_ * (channels_ + 2); }

    /// Makes a frame for `unit` with channels `names` (one per column): rows sorted by time
    /// (stable), rows with the same time merged into the first. Where two merged rows both
    /// have a value and the values differ, the first is kept and `on_conflict` is called;
    /// `merged` counts rows merged away without a conflict, `dropped` the non-missing values
    /// that merging discarded. The chunk is left empty.
    UnitFrame take(const std::string& unit, const std::vector<std::string>& names,
                   const ConflictHandler& on_conflict, std::size_t& merged, std::size_t& dropped);

    /// Drops every row.
    void clear();

private:
    struct Piece {
        std::vector<Timestamp> time;
        std::vector<long> lines;
        std::vector<std::vector<double>> values;
    };
    Piece& open_piece();
    Piece join();
    static void sort_rows(Piece& p);
    void note_order(Timestamp first, const Timestamp* begin, const Timestamp* end);

    std::size_t channels_;
    VectorPool* pool_;
    std::vector<Piece> pieces_;
    bool last_open_ = false;  // whether pieces_.back() may grow
    std::size_t rows_ = 0;
    bool sorted_ = true;
};

}  // namespace heatloop::io
