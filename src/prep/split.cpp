#include "heatloop/prep/split.hpp"

#include <fmt/format.h>

#include <cmath>
#include <tuple>

#include "heatloop/core/error.hpp"

namespace heatloop::prep {

namespace {

bool holds_rows(const UnitFrame& frame, Timestamp start, Timestamp end) {
    return frame.lower_bound(start) < frame.lower_bound(end);
}

}  // namespace

SplitRanges make_split(const UnitFrame& frame, const SplitOptions& o) {
    if (frame.rows() == 0)
        throw InvalidInputError(
            fmt::format("split unit {}: the frame has no rows", frame.unit_id()));
    const Duration step = frame.step() > 0 ? frame.step() : 1;
    const Timestamp first = frame.time().front();
    const Timestamp end = frame.time().back() + step;
    const bool explicit_ranges = o.train_start || o.train_end || o.test_start || o.test_end;

    SplitRanges r;
    if (!explicit_ranges && o.train_rows) {
        const auto cells = static_cast<std::size_t>((end - first) / step);
        if (*o.train_rows == 0 || *o.train_rows >= cells)
            throw InvalidInputError(fmt::format(
                "split unit {}: train_rows = {} leaves {} of its {} rows to test", frame.unit_id(),
                *o.train_rows, *o.train_rows >= cells ? 0 : cells, cells));
        const Timestamp cut = first + static_cast<Timestamp>(*o.train_rows) * step;
        r = SplitRanges{first, cut, cut, end};
    } else if (!explicit_ranges) {
        if (!(o.train_fraction > 0 && o.train_fraction < 1))
            throw InvalidInputError(
                fmt::format("split unit {}: train_fraction must be in (0, 1), got {}",
                            frame.unit_id(), o.train_fraction));
        // Cells, not milliseconds, so that a grid splits on a cell boundary; the epsilon keeps
        // 0.85 * 100 at 85 despite 0.85 being stored as 0.8499999...
        const double cells = static_cast<double>((end - first) / step);
        const auto train_cells =
            static_cast<Timestamp>(std::floor(o.train_fraction * cells + 1e-9));
        const Timestamp cut = first + train_cells * step;
        r = SplitRanges{first, cut, cut, end};
    } else {
        if (!o.train_end && !o.test_start)
            throw InvalidInputError(fmt::format(
                "split unit {}: explicit ranges need train_end or test_start", frame.unit_id()));
        r.train_start = o.train_start.value_or(first);
        r.train_end = o.train_end ? *o.train_end : *o.test_start;
        r.test_start = o.test_start ? *o.test_start : *o.train_end;
        r.test_end = o.test_end.value_or(end);
    }
    if (r.train_start >= r.train_end)
        throw InvalidInputError(fmt::format("split unit {}: empty train range [{}, {})",
                                            frame.unit_id(), format_iso(r.train_start),
                                            format_iso(r.train_end)));
    if (r.test_start >= r.test_end)
        throw InvalidInputError(fmt::format("split unit {}: empty test range [{}, {})",
                                            frame.unit_id(), format_iso(r.test_start),
                                            format_iso(r.test_end)));
    if (r.test_start < r.train_end)
        throw InvalidInputError(fmt::format(
            "split unit {}: test starts {} before train ends {} (the parts would overlap)",
            frame.unit_id(), format_iso(r.test_start), format_iso(r.train_end)));
    for (auto [part, s, e] : {std::tuple{"train", r.train_start, r.train_end},
                              std::tuple{"test", r.test_start, r.test_end}})
        if (!holds_rows(frame, s, e))
            throw InvalidInputError(fmt::format(
                "split unit {}: {} range [{}, {}) holds no row of the frame, which spans [{}, {})",
                frame.unit_id(), part, format_iso(s), format_iso(e), format_iso(first),
                format_iso(end)));
    return r;
}

UnitFrame train_part(const UnitFrame& frame, const SplitRanges& ranges) {
    return frame.slice_time(ranges.train_start, ranges.train_end);
}

UnitFrame test_part(const UnitFrame& frame, const SplitRanges& ranges) {
    return frame.slice_time(ranges.test_start, ranges.test_end);
}

std::string describe(const SplitRanges& r) {
    return fmt::format("train [{}, {}) test [{}, {})", format_iso(r.train_start),
                       format_iso(r.train_end), format_iso(r.test_start), format_iso(r.test_end));
}

}  // namespace heatloop::prep
