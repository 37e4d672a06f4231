#include "heatloop/eval/vus.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/range_based.hpp"

namespace heatloop::eval {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

using Index = long long;

struct Segment {
    Index first, last;  // inclusive
};

// TSB-AD's new_sequence: runs widened by h on both sides and merged when they meet; only
// the first start and the last end are clipped to the series (the others cannot leave it).
std::vector<Segment> widened(std::span<const IndexRange> runs, Index h, Index n) {
    std::vector<Segment> out;
    Index a = std::max<Index>(static_cast<Index>(runs.front().first) - h, 0);
    for (std::size_t i = 0; i + 1 < runs.size(); ++i) {
        const Index end = static_cast<Index>(runs[i].last) + h;
        const Index next = static_cast<Index>(runs[i + 1].first) - h;
        if (end < next) {
            out.push_back({a, end});
            a = next;
        }
    }
    out.push_back({a, std::min(static_cast<Index>(runs.back().last) + h, n - 1)});
    return out;
}

// numpy.linspace(0, n - 1, count).astype(int), computed as numpy does (k * step, the last
// set to the stop) so that truncation picks the same positions.
std::vector<std::size_t> threshold_positions(std::size_t n, std::size_t count) {
    std::vector<std::size_t> out(count, 0);
    if (count == 1) return out;
    const double delta = static_cast<double>(n - 1);
    const double step = delta / static_cast<double>(count - 1);
    for (std::size_t k = 0; k < count; ++k) {
        const double y = step == 0.0
                             ? static_cast<double>(k) / static_cast<double>(count - 1) * delta
                             : static_cast<double>(k) * step;
        out[k] = static_cast<std::size_t>(y);
    }
    out.back() = n - 1;
    return out;
}

// Number of entries of the descending `sorted` that are >= t.
std::size_t count_at_least(std::span<const double> sorted, double t) {
    return static_cast<std::size_t>(
        std::partition_point(sorted.begin(), sorted.end(), [t](double v) { return v >= t; }) -
        sorted.begin());
}

}  // namespace

Vus vus(std::span<const double> scores, std::span<const std::uint8_t> positive,
        const VusOptions& options) {
    if (scores.size() != positive.size())
        throw InvalidInputError(
            fmt::format("VUS: {} scores but {} labels", scores.size(), positive.size()));
    if (options.thresholds == 0) throw InvalidInputError("VUS: thresholds must be at least 1");
    for (std::size_t i = 0; i < scores.size(); ++i)
        if (std::isnan(scores[i]))
            throw InvalidInputError(
                fmt::format("VUS: score {} is NaN (every sample needs one)", i));
    const std::size_t n = scores.size();
    const auto runs = runs_of(positive);
    std::size_t p_count = 0;
    for (const auto& r : runs) p_count += r.last - r.first + 1;
    if (runs.empty() || p_count == n) return {k_nan, k_nan};
    const double p = static_cast<double>(p_count);
    const double n_d = static_cast<double>(n);

    // Thresholds and, per threshold, the predicted count and the predicted run samples:
    // both independent of the buffer length.
    std::vector<double> sorted(scores.begin(), scores.end());
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    std::vector<double> run_scores;
    run_scores.reserve(p_count);
    for (const auto& r : runs)
        for (std::size_t i = r.first; i <= r.last; ++i) run_scores.push_back(scores[i]);
    std::sort(run_scores.begin(), run_scores.end(), std::greater<>());
    const std::size_t t_count = options.thresholds;
    std::vector<double> threshold(t_count), n_pred(t_count), run_hits(t_count);
    const auto positions = threshold_positions(n, t_count);
    for (std::size_t k = 0; k < t_count; ++k) {
        threshold[k] = sorted[positions[k]];
        n_pred[k] = static_cast<double>(count_at_least(sorted, threshold[k]));
        run_hits[k] = static_cast<double>(count_at_least(run_scores, threshold[k]));
    }

    std::vector<double> soft(n, 0.0);  // soft labels of one buffer length, zero elsewhere
    std::vector<std::pair<double, double>> buffer;  // (score, soft label) outside the runs
    std::vector<double> seg_max;
    double roc_sum = 0.0, pr_sum = 0.0;
    const std::size_t windows = options.sliding_window + 1;
    for (std::size_t w = 0; w < windows; ++w) {
        const Index h = static_cast<Index>(w / 2);
        const double wd = static_cast<double>(w);
        // TSB-AD's sequencing: contributions added run by run (in that order, as numpy
        // does), then capped at 1; run samples stay 1 and are left out here.
        for (const auto& r : runs) {
            const Index s = static_cast<Index>(r.first), e = static_cast<Index>(r.last);
            for (Index i = e + 1; i <= std::min(e + h, static_cast<Index>(n) - 1); ++i)
                soft[static_cast<std::size_t>(i)] +=
                    std::sqrt(1.0 - static_cast<double>(i - e) / wd);
            for (Index i = std::max<Index>(s - h, 0); i < s; ++i)
                soft[static_cast<std::size_t>(i)] +=
                    std::sqrt(1.0 - static_cast<double>(s - i) / wd);
        }
        const auto segments = widened(runs, h, static_cast<Index>(n));
        buffer.clear();
        seg_max.clear();
        for (const Segment& g : segments) {
            double mx = -std::numeric_limits<double>::infinity();
            for (Index i = g.first; i <= g.last; ++i) {
                const auto u = static_cast<std::size_t>(i);
                mx = std::max(mx, scores[u]);
                if (!positive[u] && soft[u] > 0.0)
                    buffer.emplace_back(scores[u], std::min(1.0, soft[u]));
                soft[u] = 0.0;
            }
            seg_max.push_back(mx);
        }
        std::sort(buffer.begin(), buffer.end(),
                  [](const auto& a, const auto& b) { return a.first > b.first; });
        std::sort(seg_max.begin(), seg_max.end(), std::greater<>());

        // Thresholds descend, so the buffer samples and segments above them only grow.
        double tpr_prev = 0.0, fpr_prev = 0.0, roc = 0.0, ap = 0.0, extra = 0.0;
        std::size_t b = 0, existing = 0;
        for (std::size_t k = 0; k < t_count; ++k) {
            const double t = threshold[k];
            while (b < buffer.size() && buffer[b].first >= t) extra += buffer[b++].second;
            while (existing < seg_max.size() && seg_max[existing] >= t) ++existing;
            const double tp = run_hits[k] + extra;
            const double p_new = (p + (p + extra)) / 2.0;
            const double recall = std::min(tp / p_new, 1.0);
            const double tpr =
                recall * (static_cast<double>(existing) / static_cast<double>(segments.size()));
            const double fpr = (n_pred[k] - tp) / (n_d - p_new);
            const double precision = tp / n_pred[k];
            roc += (fpr - fpr_prev) * (tpr + tpr_prev) / 2.0;
            ap += (tpr - tpr_prev) * precision;
            tpr_prev = tpr, fpr_prev = fpr;
        }
        roc += (1.0 - fpr_prev) * (1.0 + tpr_prev) / 2.0;  // the closing point (1, 1)
        roc_sum += roc;
        pr_sum += ap;
    }
    return {roc_sum / static_cast<double>(windows), pr_sum / static_cast<double>(windows)};
}

}  // namespace heatloop::eval
