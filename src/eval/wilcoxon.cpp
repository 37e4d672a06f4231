#include "heatloop/eval/wilcoxon.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace heatloop::eval {

namespace {

// P(T <= t) for the signed-rank sum T of n untied ranks under the null hypothesis: the
// number of subsets of {1..n} with sum <= t over 2^n (counts are exact in doubles for
// n <= 50 since they stay below 2^50).
double exact_cdf(std::size_t n, double t) {
    const std::size_t max_sum = n * (n + 1) / 2;
    std::vector<double> count(max_sum + 1, 0.0);
    count[0] = 1.0;
    for (std::size_t k = 1; k <= n; ++k)
        for (std::size_t s = k * (k + 1) / 2; s >= k; --s) count[s] += count[s - k];
    double below = 0.0;
    for (std::size_t s = 0; s <= max_sum && static_cast<double>(s) <= t + 1e-9; ++s)
        below += count[s];
    return below / std::ldexp(1.0, static_cast<int>(n));
}

}  // namespace

WilcoxonResult wilcoxon_signed_rank(std::span<const double> differences) {
    WilcoxonResult r;
    std::vector<double> d;
    for (double x : differences) {
        if (std::isnan(x)) continue;
        if (x == 0.0)
            ++r.zeros;
        else
            d.push_back(x);
    }
    r.n = d.size();
    if (r.n == 0) {
        r.p_value = std::numeric_limits<double>::quiet_NaN();
        return r;
    }
    std::sort(d.begin(), d.end(), [](double a, double b) { return std::fabs(a) < std::fabs(b); });
    double tie_term = 0.0;
    bool ties = false;
    for (std::size_t i = 0; i < d.size();) {
        std::size_t j = i;
        while (j < d.size() && std::fabs(d[j]) == std::fabs(d[i])) ++j;
        const double rank = 0.5 * static_cast<double>(i + 1 + j);  // average of i+1 .. j
        for (std::size_t k = i; k < j; ++k) (d[k] > 0 ? r.w_plus : r.w_minus) += rank;
        const double t = static_cast<double>(j - i);
        tie_term += t * t * t - t;
        ties = ties || j - i > 1;
        i = j;
    }
    const double n = static_cast<double>(r.n);
    if (r.n <= 50 && !ties) {
        r.exact = true;
        r.p_value = std::min(1.0, 2.0 * exact_cdf(r.n, std::min(r.w_plus, r.w_minus)));
        return r;
    }
    const double mean = n * (n + 1.0) / 4.0;
    const double var = n * (n + 1.0) * (2.0 * n + 1.0) / 24.0 - tie_term / 48.0;
    const double diff = r.w_plus - mean;
    const double correction = diff > 0 ? 0.5 : (diff < 0 ? -0.5 : 0.0);
    const double z = (diff - correction) / std::sqrt(var);
    r.p_value = std::min(1.0, std::erfc(std::fabs(z) / std::sqrt(2.0)));
    return r;
}

}  // namespace heatloop::eval
