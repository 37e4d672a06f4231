#pragma once
/// Time-based train/test split: by a fraction of a frame's span (85/15 by default, as in
/// the hot-water paper) or by explicit date ranges.

#include <optional>
#include <string>

#include "heatloop/core/frame.hpp"

namespace heatloop::prep {

/// Half-open time ranges [start, end) of the train and the test part.
struct SplitRanges {
    Timestamp train_start = 0;  ///< first instant of the train part
    Timestamp train_end = 0;    ///< end of the train part (exclusive)
    Timestamp test_start = 0;   ///< first instant of the test part (>= train_end)
    Timestamp test_end = 0;     ///< end of the test part (exclusive)
    bool operator==(const SplitRanges&) const = default;
};

/// How to split. With no explicit bound set, the span is cut at train_fraction; with any set,
/// the explicit ranges are used and unset bounds default as documented on each field.
struct SplitOptions {
    double train_fraction = 0.85;             ///< share of the span used for training, in (0, 1)
    std::optional<std::size_t> train_rows{};  ///< instead of the fraction: this many grid cells
    std::optional<Timestamp> train_start{};   ///< default: the frame's first time
    std::optional<Timestamp> train_end{};     ///< default: test_start (one of the two is required)
    std::optional<Timestamp> test_start{};    ///< default: train_end
    std::optional<Timestamp> test_end{};      ///< default: the frame's end (last time + step)
};

/// The ranges for `frame`. The span is [first time, last time + step) (+1 ms without a grid).
/// By fraction the cut is start + floor(fraction * span), rounded down to a grid cell, so on a
/// grid of n rows the train part has floor(fraction * n) rows; by train_rows it is after that
/// many cells (InvalidInputError when that leaves no row to test). Throws InvalidInputError
/// (naming unit and times) for an empty frame, a fraction outside (0, 1), neither train_end
/// nor test_start given with other explicit bounds, an empty range, test starting before
/// train ends, or a range holding no row of the frame.
SplitRanges make_split(const UnitFrame& frame, const SplitOptions& options = {});

/// The rows of `frame` in [train_start, train_end) (gaps clipped).
UnitFrame train_part(const UnitFrame& frame, const SplitRanges& ranges);

/// The rows of `frame` in [test_start, test_end) (gaps clipped).
UnitFrame test_part(const UnitFrame& frame, const SplitRanges& ranges);

/// "train [2023-01-01T00:00:00Z, 2023-10-01T00:00:00Z) test [...)" for messages and reports.
std::string describe(const SplitRanges& ranges);

}  // namespace heatloop::prep
