#include "heatloop/eval/range_based.hpp"

#include <algorithm>

namespace heatloop::eval {

namespace {

double sum_to(std::size_t k) {
    return 0.5 * static_cast<double>(k) * static_cast<double>(k + 1);
}

// Sum of i for i in [a, b] (1-based), 0 when a > b.
double sum_i(std::size_t a, std::size_t b) {
    return a > b ? 0.0 : sum_to(b) - sum_to(a - 1);
}

double count(std::size_t a, std::size_t b) {
    return a > b ? 0.0 : static_cast<double>(b - a + 1);
}

std::size_t len(const IndexRange& r) {
    return r.last - r.first + 1;
}

// omega(range, range ^ other): the bias-weighted share of `range` that `other` covers.
double omega(const IndexRange& range, const IndexRange& other, Bias bias) {
    const std::size_t lo = std::max(range.first, other.first);
    const std::size_t hi = std::min(range.last, other.last);
    const std::size_t n = len(range);
    const double total = bias_weight(bias, n, 1, n);
    return total > 0 ? bias_weight(bias, n, lo - range.first + 1, hi - range.first + 1) / total
                     : 0.0;
}

bool overlaps(const IndexRange& a, const IndexRange& b) {
    return a.first <= b.last && b.first <= a.last;
}

double gamma(Cardinality c, std::size_t overlapping) {
    if (c == Cardinality::reciprocal && overlapping > 1)
        return 1.0 / static_cast<double>(overlapping);
    return 1.0;
}

// Sum over `ranges` of alpha * existence + (1 - alpha) * gamma * sum of omegas against
// `others` (both sorted, non-overlapping within themselves).
double reward_sum(std::span<const IndexRange> ranges, std::span<const IndexRange> others,
                  double alpha, const RangeOptions& o) {
    double total = 0.0;
    std::size_t start = 0;  // first of `others` that may still overlap
    for (const IndexRange& r : ranges) {
        while (start < others.size() && others[start].last < r.first) ++start;
        double omegas = 0.0;
        std::size_t hits = 0;
        for (std::size_t j = start; j < others.size() && others[j].first <= r.last; ++j)
            if (overlaps(r, others[j])) omegas += omega(r, others[j], o.bias), ++hits;
        const double existence = hits > 0 ? 1.0 : 0.0;
        total += alpha * existence + (1.0 - alpha) * gamma(o.cardinality, hits) * omegas;
    }
    return total;
}

}  // namespace

std::vector<IndexRange> runs_of(std::span<const std::uint8_t> mask) {
    std::vector<IndexRange> out;
    for (std::size_t i = 0; i < mask.size(); ++i) {
        if (!mask[i]) continue;
        if (!out.empty() && out.back().last + 1 == i)
            out.back().last = i;
        else
            out.push_back({i, i});
    }
    return out;
}

RangeSums& RangeSums::operator+=(const RangeSums& o) {
    precision_sum += o.precision_sum;
    predicted_ranges += o.predicted_ranges;
    recall_sum += o.recall_sum;
    real_ranges += o.real_ranges;
    return *this;
}

double bias_weight(Bias bias, std::size_t n, std::size_t a, std::size_t b) {
    if (a > b) return 0.0;
    switch (bias) {
        case Bias::flat:
            return count(a, b);
        case Bias::back:
            return sum_i(a, b);
        case Bias::front:  // n - i + 1
            return count(a, b) * static_cast<double>(n + 1) - sum_i(a, b);
        case Bias::middle: {  // i while i <= n/2, then n - i + 1
            const std::size_t half = n / 2;
            const double rising = sum_i(a, std::min(b, half));
            const std::size_t fa = std::max(a, half + 1);
            const double falling = count(fa, b) * static_cast<double>(n + 1) - sum_i(fa, b);
            return rising + falling;
        }
    }
    return 0.0;
}

RangeSums range_sums(std::span<const IndexRange> real, std::span<const IndexRange> predicted,
                     const RangeOptions& o) {
    RangeSums s;
    s.real_ranges = real.size();
    s.predicted_ranges = predicted.size();
    s.recall_sum = reward_sum(real, predicted, o.alpha, o);
    s.precision_sum = reward_sum(predicted, real, 0.0, o);
    return s;
}

RangeSums range_sums(std::span<const std::uint8_t> real, std::span<const std::uint8_t> predicted,
                     const RangeOptions& o) {
    const auto r = runs_of(real);
    const auto p = runs_of(predicted);
    return range_sums(r, p, o);
}

}  // namespace heatloop::eval
