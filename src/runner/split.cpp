#include "runner/split.hpp"

#include <algorithm>
#include <cmath>

namespace heatloop::runner {

namespace {

RowRange rows_between(std::span<const Timestamp> time, Timestamp start, Timestamp end) {
    auto b = std::lower_bound(time.begin(), time.end(), start);
    auto e = std::lower_bound(time.begin(), time.end(), end);
    return {static_cast<std::size_t>(b - time.begin()), static_cast<std::size_t>(e - time.begin())};
}

}  // namespace

UnitPlan plan_unit(const std::string& unit_id, std::span<const Timestamp> time,
                   const DataSpec& data) {
    UnitPlan p{unit_id, {}, {}};
    const std::size_t n = time.size();
    switch (data.split) {
        case SplitKind::time: {
            const auto cut =
                static_cast<std::size_t>(std::floor(data.train_fraction * static_cast<double>(n)));
            p.train = {0, cut};
            p.eval = {cut, n};
            break;
        }
        case SplitKind::dates:
            p.train = rows_between(time, *data.train_start, *data.train_end);
            p.eval = rows_between(time, *data.eval_start, *data.eval_end);
            break;
        case SplitKind::units: {
            const bool left_out = std::find(data.eval_units.begin(), data.eval_units.end(),
                                            unit_id) != data.eval_units.end();
            (left_out ? p.eval : p.train) = {0, n};
            break;
        }
        case SplitKind::none:
            p.train = p.eval = {0, n};
            break;
    }
    return p;
}

UnitFrame training_frame(const UnitFrame& frame, RowRange r, std::span<const GapSpan> masked,
                         std::size_t& masked_rows) {
    UnitFrame out = frame.slice(r.begin, r.end);
    masked_rows = 0;
    for (const GapSpan& span : masked) {
        const std::size_t b = out.lower_bound(span.start), e = out.lower_bound(span.end);
        if (e <= b) continue;
        for (Channel& c : out.channels())
            std::fill(c.values.begin() + static_cast<std::ptrdiff_t>(b),
                      c.values.begin() + static_cast<std::ptrdiff_t>(e), k_missing);
        masked_rows += e - b;  // overlapping labels may count rows twice; it is a report figure
    }
    return out;
}

}  // namespace heatloop::runner
