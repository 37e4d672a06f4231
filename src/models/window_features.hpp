#pragma once
// Trailing-window features of channels (mean, std, min, max, last over the w rows ending at
// each row), as a row-major matrix for the isolation forest.

#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"

namespace heatloop::models::detail {

enum class WindowStat { mean, std, min, max, last };

// "mean", "std", "min", "max", "last"; the parse throws InvalidInputError.
std::string_view window_stat_name(WindowStat s);
WindowStat parse_window_stat(std::string_view name);

struct WindowFeatureSpec {
    std::vector<std::string> channels;
    std::vector<WindowStat> stats;
    std::size_t window_rows = 60;
    double min_coverage = 0.5;  // share of present values a window needs, else NaN features
};

// rows() x (channels x stats) values, channel-major within a row. A row whose window has too
// few present values of a channel gets NaN for that channel's features (the first rows have
// short windows and usually too few). Throws InvalidInputError (naming `model`) for a missing
// channel.
std::vector<double> window_features(std::string_view model, const UnitFrame& unit,
                                    const WindowFeatureSpec& spec);

}  // namespace heatloop::models::detail
