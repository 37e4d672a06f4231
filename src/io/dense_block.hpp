#pragma once
/// Parsing one block of a dense file (wide, smartmeter, weather, signal) into rows. Blocks
/// are independent, so several can be parsed at once.

#include <cstddef>
#include <string>
#include <vector>

#include "heatloop/core/time.hpp"
#include "io/block_reader.hpp"
#include "io/detect_format.hpp"
#include "io/number.hpp"
#include "io/problem_log.hpp"
#include "io/vector_pool.hpp"

namespace heatloop::io {

/// Which columns hold what in a dense file.
struct DenseLayout {
    std::size_t time_col = 0;
    int key_col = -1;                ///< unit (or location) column; -1 = every row is fixed_unit
    std::string key_name;            ///< "unit_id", "location", ... for messages
    std::string fixed_unit;          ///< the unit when key_col is -1
    std::vector<std::size_t> cols;   ///< column of each channel
    std::vector<std::string> names;  ///< name of each channel
};

/// What a block parser needs to know about the file; shared read-only between threads.
struct DenseSetup {
    const DenseLayout& layout;
    const Header& header;
    std::string file;
    char delimiter;
    bool decimal_comma;
    OnError on_error;
    VectorPool* pool = nullptr;              ///< where the block's vectors come from, if anywhere
    const MissingValues* missing = nullptr;  ///< declared sentinels, if any
    bool trailing_delimiter = false;         ///< records may end with the delimiter
};

/// The accepted rows of one block, column by column, with the units as runs of consecutive
/// rows. Line numbers (of rows and problems) count from the block's first line as 1; the
/// consumer adds the lines before the block.
struct DenseBlock {
    /// Rows [begin, next run's begin) belong to `unit`.
    struct Run {
        std::string unit;
        std::size_t begin;
    };
    std::vector<Timestamp> times;
    std::vector<long> lines;
    std::vector<std::vector<double>> columns;  ///< one per channel
    std::vector<Run> runs;
    std::size_t records = 0;  ///< data records read, accepted or not
    long line_count = 0;      ///< lines in the block
    std::size_t present = 0;  ///< accepted values that are not missing
    /// The earliest and latest accepted times and their lines (when rows() > 0).
    Timestamp min_time = 0, max_time = 0;
    long min_line = 0, max_line = 0;
    ProblemLog problems;

    explicit DenseBlock(const DenseSetup& setup)
        : columns(setup.layout.cols.size()), problems(setup.file, setup.on_error) {}
    /// Number of accepted rows.
    std::size_t rows() const noexcept { return times.size(); }
};

/// Parses `text` with `timestamps` (which must not be used by another thread meanwhile).
DenseBlock parse_dense_block(std::string_view text, const DenseSetup& setup,
                             const TimestampParser& timestamps);

}  // namespace heatloop::io
