#include "prep/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "heatloop/core/frame.hpp"

namespace heatloop::prep::detail {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

// The k-th (0-based) smallest element of the union of two ascending sequences given by
// accessors, found by binary search on how many of the k+1 smallest come from `a`.
template <class A, class B>
double kth_of_two(A a, std::size_t na, B b, std::size_t nb, std::size_t k) {
    std::size_t lo = k + 1 > nb ? k + 1 - nb : 0;
    std::size_t hi = std::min(na, k + 1);
    while (lo < hi) {
        const std::size_t i = lo + (hi - lo) / 2;
        const std::size_t j = k + 1 - i;
        if (i < na && j > 0 && a(i) < b(j - 1))
            lo = i + 1;
        else
            hi = i;
    }
    const std::size_t j = k + 1 - lo;
    double best = -std::numeric_limits<double>::infinity();
    if (lo > 0) best = a(lo - 1);
    if (j > 0) best = std::max(best, b(j - 1));
    return best;
}

}  // namespace

void collect_present(std::span<const double> values, std::vector<double>& out) {
    out.clear();
    for (double v : values)
        if (!is_missing(v)) out.push_back(v);
}

double median_inplace(std::span<double> v) {
    const std::size_t n = v.size();
    if (n == 0) return k_nan;
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(n / 2);
    std::nth_element(v.begin(), mid, v.end());
    const double upper = *mid;
    if (n % 2 == 1) return upper;
    // After nth_element everything before `mid` is <= upper: the lower middle is their max.
    const double lower = *std::max_element(v.begin(), mid);
    return (lower + upper) / 2.0;
}

double mad_inplace(std::span<double> v, double center) {
    for (double& x : v) x = std::fabs(x - center);
    return median_inplace(v);
}

double sorted_median(std::span<const double> s) {
    const std::size_t n = s.size();
    if (n == 0) return k_nan;
    if (n % 2 == 1) return s[n / 2];
    return (s[n / 2 - 1] + s[n / 2]) / 2.0;
}

double sorted_mad(std::span<const double> s, double center) {
    const std::size_t n = s.size();
    if (n == 0) return k_nan;
    // Distances from `center` ascend going left from the split point and going right from it.
    const auto split =
        static_cast<std::size_t>(std::lower_bound(s.begin(), s.end(), center) - s.begin());
    auto left = [&](std::size_t i) { return center - s[split - 1 - i]; };
    auto right = [&](std::size_t i) { return s[split + i] - center; };
    const std::size_t nl = split, nr = n - split;
    const double upper = kth_of_two(left, nl, right, nr, n / 2);
    if (n % 2 == 1) return upper;
    return (kth_of_two(left, nl, right, nr, n / 2 - 1) + upper) / 2.0;
}

}  // namespace heatloop::prep::detail
