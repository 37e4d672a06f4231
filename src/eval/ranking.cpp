#include "heatloop/eval/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace heatloop::eval {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

// (score, positive) pairs with a finite score, sorted by descending score.
std::vector<std::pair<double, bool>> ranked(std::span<const double> scores,
                                            std::span<const std::uint8_t> positive) {
    std::vector<std::pair<double, bool>> v;
    const std::size_t n = std::min(scores.size(), positive.size());
    v.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isnan(scores[i])) v.emplace_back(scores[i], positive[i] != 0);
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    return v;
}

}  // namespace

double roc_auc(std::span<const double> scores, std::span<const std::uint8_t> positive) {
    const auto v = ranked(scores, positive);
    // Walk tie groups from the top: each positive beats every negative below its group and
    // ties half of the negatives inside it.
    double pos = 0, neg = 0, wins = 0;
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i;
        double gp = 0, gn = 0;
        while (j < v.size() && v[j].first == v[i].first) (v[j].second ? gp : gn) += 1, ++j;
        wins += gn * pos + 0.5 * gp * gn;  // negatives in this group lose to all positives above
        pos += gp;
        neg += gn;
        i = j;
    }
    if (pos == 0 || neg == 0) return k_nan;
    return wins / (pos * neg);
}

double average_precision(std::span<const double> scores, std::span<const std::uint8_t> positive) {
    const auto v = ranked(scores, positive);
    double total_pos = 0;
    for (const auto& p : v) total_pos += p.second;
    if (total_pos == 0) return k_nan;
    double tp = 0, fp = 0, ap = 0, prev_recall = 0;
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i;
        while (j < v.size() && v[j].first == v[i].first) (v[j].second ? tp : fp) += 1, ++j;
        const double recall = tp / total_pos;
        ap += (recall - prev_recall) * (tp / (tp + fp));
        prev_recall = recall;
        i = j;
    }
    return ap;
}

}  // namespace heatloop::eval
