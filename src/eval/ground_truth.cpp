#include "heatloop/eval/ground_truth.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/error.hpp"

namespace heatloop::eval {

namespace {

std::vector<Interval> merged(std::vector<Interval> v) {
    std::sort(v.begin(), v.end(),
              [](const Interval& a, const Interval& b) { return a.start < b.start; });
    std::vector<Interval> out;
    for (const Interval& i : v) {
        if (!out.empty() && i.start <= out.back().end)
            out.back().end = std::max(out.back().end, i.end);
        else
            out.push_back(i);
    }
    return out;
}

// True when [s, e) lies wholly inside the sorted, merged intervals.
bool inside(std::span<const Interval> v, Timestamp s, Timestamp e) {
    for (const Interval& i : v)
        if (i.start <= s && e <= i.end) return true;
    return false;
}

bool has_scored_sample(const UnitData& u, Timestamp s, Timestamp e) {
    auto it = std::lower_bound(u.time.begin(), u.time.end(), s);
    for (; it != u.time.end() && *it < e; ++it)
        if (!std::isnan(u.scores[static_cast<std::size_t>(it - u.time.begin())])) return true;
    return false;
}

// Sets mask[i] = 1 for samples with time in [s, e).
void mark(const std::vector<Timestamp>& time, Timestamp s, Timestamp e,
          std::vector<std::uint8_t>& mask) {
    auto it = std::lower_bound(time.begin(), time.end(), s);
    for (; it != time.end() && *it < e; ++it) mask[static_cast<std::size_t>(it - time.begin())] = 1;
}

}  // namespace

bool covered(std::span<const Interval> intervals, Timestamp t) {
    auto it = std::upper_bound(intervals.begin(), intervals.end(), t,
                               [](Timestamp x, const Interval& i) { return x < i.start; });
    return it != intervals.begin() && t < std::prev(it)->end;
}

UnitTruth split_labels(const UnitData& unit, std::span<const EvalLabel> labels,
                       const EvalOptions& options) {
    const std::vector<Interval> gaps = merged(unit.gaps);
    UnitTruth out;
    std::vector<Interval> ignore(unit.gaps.begin(), unit.gaps.end());
    for (const EvalLabel& l : labels) {
        if (l.unit_id != unit.unit_id) continue;
        if (l.end <= l.start)
            throw InvalidInputError(fmt::format("label of unit {} [{}, {}): end is not after start",
                                                l.unit_id, format_iso(l.start), format_iso(l.end)));
        if (!(l.confidence >= 0.0 && l.confidence <= 1.0))
            throw InvalidInputError(
                fmt::format("label of unit {} at {}: confidence {} not in [0, 1]", l.unit_id,
                            format_iso(l.start), l.confidence));
        if (l.status == LabelState::rejected) continue;
        const bool in_gap = inside(gaps, l.start, l.end) ||
                            (!unit.time.empty() && !has_scored_sample(unit, l.start, l.end));
        if (l.status == LabelState::confirmed && !in_gap) out.weighted.push_back(l);
        if (l.status == LabelState::confirmed && l.confidence >= options.confidence_floor) {
            if (in_gap) {
                out.excluded.push_back(l);
                ignore.push_back({l.start, l.end});
            } else {
                out.truth.push_back(l);
            }
        } else {
            ignore.push_back({l.start, l.end});
        }
    }
    auto by_start = [](const EvalLabel& a, const EvalLabel& b) {
        return a.start != b.start ? a.start < b.start : a.end < b.end;
    };
    std::sort(out.truth.begin(), out.truth.end(), by_start);
    std::sort(out.weighted.begin(), out.weighted.end(), by_start);
    out.ignore = merged(std::move(ignore));
    return out;
}

PointMasks point_masks(const UnitData& u, const UnitTruth& t) {
    const std::size_t n = u.time.size();
    PointMasks m{std::vector<std::uint8_t>(n, 0), std::vector<std::uint8_t>(n, 0),
                 std::vector<std::uint8_t>(n, 0), std::vector<std::uint8_t>(n, 0)};
    for (const EvalLabel& l : t.truth) mark(u.time, l.start, l.end, m.truth);
    for (const auto& a : u.alarms) mark(u.time, a.start, a.end, m.alarmed);
    for (const Interval& i : t.ignore) mark(u.time, i.start, i.end, m.ignored);
    for (std::size_t i = 0; i < n; ++i) {
        if (m.truth[i]) m.ignored[i] = 0;
        m.evaluated[i] = !m.ignored[i] && !std::isnan(u.scores[i]);
    }
    return m;
}

}  // namespace heatloop::eval
