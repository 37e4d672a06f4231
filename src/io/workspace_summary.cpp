#include "io/workspace_summary.hpp"

#include <algorithm>
#include <limits>

namespace heatloop::io {

double SeriesSummary::coverage() const noexcept {
    const std::size_t cells = rows * channels.size();
    if (cells == 0) return 0;
    std::size_t present = 0;
    for (const auto& c : channels) present += c.present;
    return static_cast<double>(present) / static_cast<double>(cells);
}

std::size_t SeriesSummary::gap_count() const noexcept {
    std::size_t n = 0;
    for (const auto& c : channels) n += c.gaps;
    return n;
}

Duration SeriesSummary::gap_duration() const noexcept {
    Duration d = 0;
    for (const auto& c : channels) d += c.gap_duration;
    return d;
}

SeriesSummary summarize(const UnitFrame& frame) {
    SeriesSummary s;
    s.rows = frame.rows();
    s.step = frame.step();
    s.start = frame.rows() ? frame.time().front() : 0;
    for (const Channel& ch : frame.channels()) {
        ChannelSummary c;
        c.name = ch.name;
        double lo = std::numeric_limits<double>::infinity(), hi = -lo, sum = 0;
        for (double v : ch.values) {
            if (is_missing(v)) continue;
            ++c.present;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            sum += v;
        }
        if (c.present > 0) {
            c.min = lo;
            c.max = hi;
            c.mean = sum / static_cast<double>(c.present);
        }
        // A gap for every channel ("") counts for each channel.
        for (const GapSpan& g : frame.gaps()) {
            if (!g.channel.empty() && g.channel != ch.name) continue;
            ++c.gaps;
            c.gap_duration += g.end - g.start;
        }
        s.channels.push_back(std::move(c));
    }
    return s;
}

}  // namespace heatloop::io
