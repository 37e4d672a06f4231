#include "heatloop/testbench/placement.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "heatloop/core/error.hpp"
#include "heatloop/sim/random.hpp"

namespace heatloop::testbench {

namespace {

using eval::Interval;

// FNV-1a: a hash of the unit id that is the same with every standard library.
std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
    return h;
}

// `allowed` minus [cut.start, cut.end); both sorted and disjoint.
std::vector<Interval> subtract(const std::vector<Interval>& allowed, Interval cut) {
    std::vector<Interval> out;
    for (const Interval& a : allowed) {
        if (cut.end <= a.start || a.end <= cut.start) {
            out.push_back(a);
            continue;
        }
        if (a.start < cut.start) out.push_back({a.start, cut.start});
        if (cut.end < a.end) out.push_back({cut.end, a.end});
    }
    return out;
}

}  // namespace

void validate(const PlacementParams& p) {
    if (p.duration <= 0)
        throw InvalidInputError(
            fmt::format("failure duration must be positive, got {}", format_duration(p.duration)));
    if (p.history < 0 || p.after < 0 || p.separation < 0)
        throw InvalidInputError(fmt::format(
            "failure placement: history ({}), after ({}) and separation ({}) must not be negative",
            format_duration(p.history), format_duration(p.after), format_duration(p.separation)));
}

std::vector<Interval> forbidden_spans(const UnitFrame& frame,
                                      std::span<const eval::EvalLabel> labels) {
    std::vector<Interval> spans;
    for (const eval::EvalLabel& l : labels)
        if (l.unit_id == frame.unit_id() && l.end > l.start) spans.push_back({l.start, l.end});
    for (const GapSpan& g : frame.gaps())
        if (g.channel.empty() && g.end > g.start) spans.push_back({g.start, g.end});
    std::sort(spans.begin(), spans.end(),
              [](const Interval& a, const Interval& b) { return a.start < b.start; });
    std::vector<Interval> merged;
    for (const Interval& s : spans) {
        if (!merged.empty() && s.start <= merged.back().end)
            merged.back().end = std::max(merged.back().end, s.end);
        else
            merged.push_back(s);
    }
    return merged;
}

std::vector<Timestamp> choose_failure_starts(const UnitFrame& frame,
                                             std::span<const Interval> forbidden,
                                             const PlacementParams& p, std::uint64_t seed) {
    validate(p);
    if (frame.rows() == 0 || frame.step() <= 0) return {};
    const Duration step = frame.step();
    const Timestamp first = frame.time().front(), stop = frame.time().back() + step;
    // Allowed starts t0 form the interval [lo, hi] shrunk by every forbidden span; the
    // window [t0 - history, t0 + duration + after) must stay clear.
    const Timestamp lo = first + p.history, hi = stop - p.duration - p.after;
    if (hi < lo) return {};
    std::vector<Interval> allowed{{lo, hi + 1}};
    for (const Interval& f : forbidden)
        allowed = subtract(allowed, {f.start - p.duration - p.after + 1, f.end + p.history});

    Rng rng(mix64(seed ^ mix64(fnv1a(frame.unit_id()))));
    std::vector<Timestamp> starts;
    while (starts.size() < p.per_unit) {
        // Only grid times can start a failure: keep the grid points of each allowed span.
        std::vector<Interval> grid;
        Duration total = 0;
        for (const Interval& a : allowed) {
            const Timestamp g0 = first + (a.start - first + step - 1) / step * step;
            if (g0 >= a.end) continue;
            const Duration points = (a.end - 1 - g0) / step + 1;
            grid.push_back({g0, points});
            total += points;
        }
        if (total == 0) break;
        std::int64_t k = rng.uniform_int(0, total - 1);
        Timestamp t0 = 0;
        for (const Interval& g : grid) {
            if (k < g.end) {
                t0 = g.start + k * step;
                break;
            }
            k -= g.end;
        }
        starts.push_back(t0);
        allowed =
            subtract(allowed, {t0 - p.duration - p.separation + 1, t0 + p.duration + p.separation});
    }
    std::sort(starts.begin(), starts.end());
    return starts;
}

}  // namespace heatloop::testbench
