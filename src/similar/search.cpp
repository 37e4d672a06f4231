#include "heatloop/similar/search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/similar/distance_profile.hpp"

namespace heatloop::similar {

namespace {

bool overlaps(Timestamp a0, Timestamp a1, Timestamp b0, Timestamp b1) {
    return a0 < b1 && b0 < a1;
}

std::string channel_list(const UnitFrame& frame) {
    const auto names = frame.channel_names();
    return names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

std::vector<double> coarsen(std::span<const double> values, std::size_t factor) {
    if (factor <= 1) return {values.begin(), values.end()};
    std::vector<double> out(values.size() / factor);
    for (std::size_t b = 0; b < out.size(); ++b) {
        double sum = 0;
        std::size_t present = 0;
        for (std::size_t k = b * factor; k < (b + 1) * factor; ++k)
            if (!std::isnan(values[k])) sum += values[k], ++present;
        out[b] = 2 * present >= factor ? sum / static_cast<double>(present) : k_missing;
    }
    return out;
}

Pattern make_pattern(const UnitFrame& frame, Span span, std::span<const std::string> channels,
                     const SearchOptions& options) {
    if (frame.step() <= 0)
        throw InvalidInputError(
            fmt::format("unit {}: its data is not on a regular grid", frame.unit_id()));
    if (channels.empty()) throw InvalidInputError("find similar: no channel to compare");
    if (span.end <= span.start)
        throw InvalidInputError(fmt::format("find similar: empty span {} .. {}",
                                            format_iso(span.start), format_iso(span.end)));
    const std::size_t i0 = frame.lower_bound(span.start), i1 = frame.lower_bound(span.end);
    const std::size_t steps = i1 - i0;
    const std::size_t max_points = std::max<std::size_t>(options.max_points, 2);
    Pattern p;
    p.unit_id = frame.unit_id();
    p.span = span;
    p.step = frame.step();
    p.factor = std::max<std::size_t>(1, (steps + max_points - 1) / max_points);
    p.points = steps / p.factor;
    p.origin = i0 < frame.rows() ? frame.time()[i0] : span.start;
    if (p.points < 2)
        throw InvalidInputError(fmt::format(
            "find similar: {} .. {} covers {} data point(s) of unit {} ({} .. {}); at least 2 "
            "needed",
            format_iso(span.start), format_iso(span.end), steps, frame.unit_id(),
            frame.rows() ? format_iso(frame.time().front()) : std::string("no data"),
            frame.rows() ? format_iso(frame.time().back()) : std::string("no data")));
    for (const std::string& name : channels) {
        const Channel* c = frame.find(name);
        if (c == nullptr)
            throw InvalidInputError(fmt::format("find similar: unit {} has no channel '{}' ({})",
                                                frame.unit_id(), visible(name),
                                                channel_list(frame)));
        const std::span<const double> raw(c->values.data() + i0, p.points * p.factor);
        std::vector<double> v = coarsen(raw, p.factor);
        const auto missing =
            std::count_if(v.begin(), v.end(), [](double x) { return std::isnan(x); });
        if (missing > 0)
            throw InvalidInputError(fmt::format(
                "find similar: channel '{}' of unit {} has {} missing point(s) of {} in {} .. {}: "
                "choose channels with data there",
                visible(name), frame.unit_id(), missing * static_cast<long>(p.factor),
                p.points * p.factor, format_iso(span.start), format_iso(span.end)));
        p.channels.push_back(name);
        p.values.push_back(std::move(v));
    }
    return p;
}

std::vector<Hit> search_frame(const Pattern& pattern, const UnitFrame& frame,
                              std::span<const Span> excluded, std::size_t top) {
    if (top == 0 || frame.rows() == 0 || frame.step() != pattern.step) return {};
    const Duration coarse_step = pattern.step * static_cast<Duration>(pattern.factor);
    const Timestamp t0 = frame.time().front();
    // Blocks in phase with the query's: rows before the first block start are skipped.
    const auto skip = static_cast<std::size_t>(
        (((pattern.origin - t0) % coarse_step + coarse_step) % coarse_step) / pattern.step);
    if (skip >= frame.rows()) return {};
    const Timestamp first = t0 + static_cast<Timestamp>(skip) * pattern.step;
    std::vector<std::vector<double>> coarse;  // only when factor > 1
    std::vector<ChannelPair> pairs;
    coarse.reserve(pattern.channels.size());
    for (std::size_t c = 0; c < pattern.channels.size(); ++c) {
        const Channel* ch = frame.find(pattern.channels[c]);
        if (ch == nullptr) return {};
        std::span<const double> series = std::span(ch->values).subspan(skip);
        if (pattern.factor > 1) {
            coarse.push_back(coarsen(series, pattern.factor));
            series = coarse.back();
        }
        pairs.push_back({pattern.values[c], series});
    }
    const std::vector<double> profile = distance_profile(pairs);

    std::vector<std::size_t> order;
    order.reserve(profile.size());
    for (std::size_t i = 0; i < profile.size(); ++i)
        if (std::isfinite(profile[i])) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::tie(profile[a], a) < std::tie(profile[b], b);
    });

    const Duration length = pattern.span.end - pattern.span.start;
    const bool own_unit = frame.unit_id() == pattern.unit_id;
    const double norm = 2.0 * static_cast<double>(pattern.points * pattern.channels.size());
    std::vector<Hit> hits;
    for (std::size_t i : order) {
        if (hits.size() >= top) break;
        const Timestamp start = first + static_cast<Timestamp>(i) * coarse_step;
        const Timestamp end = start + length;
        if (own_unit && overlaps(start, end, pattern.span.start, pattern.span.end)) continue;
        if (std::any_of(excluded.begin(), excluded.end(),
                        [&](const Span& s) { return overlaps(start, end, s.start, s.end); }))
            continue;
        if (std::any_of(hits.begin(), hits.end(),
                        [&](const Hit& h) { return overlaps(start, end, h.start, h.end); }))
            continue;
        const double d2 = std::max(0.0, profile[i]);
        hits.push_back({frame.unit_id(), start, end, std::sqrt(d2), 1.0 - d2 / norm});
    }
    return hits;
}

std::vector<Hit> best_hits(std::vector<Hit> hits, std::size_t top) {
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        return std::tie(a.distance, a.unit_id, a.start) < std::tie(b.distance, b.unit_id, b.start);
    });
    if (hits.size() > top) hits.resize(top);
    return hits;
}

}  // namespace heatloop::similar
