#include "heatloop/similar/distance_profile.hpp"

#include <fftw3.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <mutex>

#include "heatloop/core/error.hpp"

namespace heatloop::similar {

namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

// FFTW's planner is not thread-safe (execution is): plans are made and destroyed under one
// lock. The search runs units on several threads, each with its own plans.
std::mutex& planner_mutex() {
    static std::mutex m;
    return m;
}

// A forward real DFT and its inverse of one size, with their buffers.
class FftPair {
public:
    explicit FftPair(std::size_t n) : n_(n) {
        real_ = fftw_alloc_real(n);
        spectrum_ = fftw_alloc_complex(n / 2 + 1);
        if (real_ == nullptr || spectrum_ == nullptr) {
            fftw_free(real_);
            fftw_free(spectrum_);
            throw InternalError(fmt::format("FFTW: cannot allocate buffers of size {}", n));
        }
        std::lock_guard lock(planner_mutex());
        const int size = static_cast<int>(n);
        forward_ = fftw_plan_dft_r2c_1d(size, real_, spectrum_, FFTW_ESTIMATE);
        inverse_ = fftw_plan_dft_c2r_1d(size, spectrum_, real_, FFTW_ESTIMATE);
        if (forward_ == nullptr || inverse_ == nullptr) {
            release();
            throw InternalError(fmt::format("FFTW: no plan for size {}", n));
        }
    }
    ~FftPair() { release(); }
    FftPair(const FftPair&) = delete;
    FftPair& operator=(const FftPair&) = delete;

    std::size_t size() const noexcept { return n_; }
    double* real() noexcept { return real_; }
    std::complex<double>* spectrum() noexcept {
        return reinterpret_cast<std::complex<double>*>(spectrum_);
    }
    void forward() { fftw_execute(forward_); }
    void inverse() { fftw_execute(inverse_); }

private:
    void release() {
        {
            std::lock_guard lock(planner_mutex());
            if (forward_ != nullptr) fftw_destroy_plan(forward_);
            if (inverse_ != nullptr) fftw_destroy_plan(inverse_);
        }
        fftw_free(real_);
        fftw_free(spectrum_);
        forward_ = inverse_ = nullptr;
        real_ = nullptr;
        spectrum_ = nullptr;
    }

    std::size_t n_;
    double* real_ = nullptr;
    fftw_complex* spectrum_ = nullptr;
    fftw_plan forward_ = nullptr;
    fftw_plan inverse_ = nullptr;
};

std::size_t next_pow2(std::size_t n) {
    std::size_t p = 1;
    while (p < n) p <<= 1;
    return p;
}

// Mean and population standard deviation of values without NaN.
std::pair<double, double> mean_sd(std::span<const double> v) {
    long double s = 0;
    for (double x : v) s += x;
    const double mean = static_cast<double>(s / static_cast<long double>(v.size()));
    long double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    return {mean, std::sqrt(static_cast<double>(ss / static_cast<long double>(v.size())))};
}

// A standard deviation this small relative to the level is rounding noise, not shape.
bool is_constant(double sd, double mean) {
    return sd <= 1e-7 * (1.0 + std::abs(mean));
}

// The query centred on its mean; InvalidInputError when it holds a missing value.
std::vector<double> centred_query(std::span<const double> q, double mean) {
    std::vector<double> out(q.size());
    for (std::size_t j = 0; j < q.size(); ++j) {
        if (std::isnan(q[j]))
            throw InvalidInputError(
                fmt::format("the query has a missing value at position {} of {}", j, q.size()));
        out[j] = q[j] - mean;
    }
    return out;
}

// Adds one channel's squared distances to `profile` (n - m + 1 entries).
void add_channel(const ChannelPair& c, FftPair& fft, std::vector<double>& profile,
                 std::vector<std::complex<double>>& query_spectrum, std::vector<double>& dots) {
    const std::size_t m = c.query.size(), n = c.series.size(), windows = n - m + 1;
    const auto [q_mean, q_sd] = mean_sd(c.query);
    const bool q_constant = is_constant(q_sd, q_mean);
    const std::vector<double> q = centred_query(c.query, q_mean);

    // The series shifted by its mean (of present values) keeps the running sums small, and
    // missing values become 0 in the dot products (their windows are +inf anyway).
    long double level_sum = 0;
    std::size_t present = 0;
    for (double x : c.series)
        if (!std::isnan(x)) level_sum += x, ++present;
    const double level =
        present > 0 ? static_cast<double>(level_sum / static_cast<long double>(present)) : 0.0;

    // Window means and standard deviations from running sums over the last m values.
    std::vector<double> w_mean(windows), w_sd(windows);
    std::vector<bool> w_missing(windows);
    {
        long double s1 = 0, s2 = 0;
        std::size_t nan = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double x = c.series[i];
            if (std::isnan(x))
                ++nan;
            else
                s1 += x - level, s2 += (x - level) * (x - level);
            if (i >= m) {
                const double y = c.series[i - m];
                if (std::isnan(y))
                    --nan;
                else
                    s1 -= y - level, s2 -= (y - level) * (y - level);
            }
            if (i + 1 >= m) {
                const std::size_t w = i + 1 - m;
                const long double mean = s1 / static_cast<long double>(m);
                const long double var = s2 / static_cast<long double>(m) - mean * mean;
                w_mean[w] = static_cast<double>(mean) + level;
                w_sd[w] = std::sqrt(std::max(0.0, static_cast<double>(var)));
                w_missing[w] = nan > 0;
            }
        }
    }

    // Sliding dot products of the centred query with the shifted series, by overlap-save:
    // each block of L series values gives L - m + 1 dot products.
    const std::size_t L = fft.size(), bins = L / 2 + 1;
    std::fill(fft.real(), fft.real() + L, 0.0);
    for (std::size_t j = 0; j < m; ++j) fft.real()[j] = q[m - 1 - j];
    fft.forward();
    query_spectrum.assign(fft.spectrum(), fft.spectrum() + bins);
    dots.assign(windows, 0.0);
    const std::size_t per_block = L - m + 1;
    for (std::size_t s = 0; s < windows; s += per_block) {
        double* in = fft.real();
        for (std::size_t k = 0; k < L; ++k) {
            const double x = s + k < n ? c.series[s + k] : 0.0;
            in[k] = std::isnan(x) ? 0.0 : x - level;
        }
        fft.forward();
        std::complex<double>* spec = fft.spectrum();
        for (std::size_t k = 0; k < bins; ++k) spec[k] *= query_spectrum[k];
        fft.inverse();
        const double scale = 1.0 / static_cast<double>(L);
        for (std::size_t k = m - 1; k < L && s + k - (m - 1) < windows; ++k)
            dots[s + k - (m - 1)] = fft.real()[k] * scale;
    }

    const double md = static_cast<double>(m);
    for (std::size_t i = 0; i < windows; ++i) {
        if (w_missing[i]) {
            profile[i] = k_inf;
            continue;
        }
        const bool w_constant = is_constant(w_sd[i], w_mean[i]);
        double d2;
        if (q_constant || w_constant) {
            d2 = q_constant && w_constant ? 0.0 : md;
        } else {
            // sum((q - mq)(t - mt)) = sum((q - mq) t) since sum(q - mq) = 0; the shift by
            // `level` drops out the same way.
            const double corr = std::clamp(dots[i] / (md * q_sd * w_sd[i]), -1.0, 1.0);
            d2 = 2.0 * md * (1.0 - corr);
        }
        profile[i] += d2;
    }
}

}  // namespace

std::vector<double> distance_profile(std::span<const ChannelPair> channels) {
    if (channels.empty()) throw InvalidInputError("distance profile: no channel");
    const std::size_t m = channels[0].query.size(), n = channels[0].series.size();
    if (m < 2)
        throw InvalidInputError(
            fmt::format("distance profile: the query has {} point(s); at least 2 needed", m));
    for (const ChannelPair& c : channels)
        if (c.query.size() != m || c.series.size() != n)
            throw InvalidInputError(fmt::format(
                "distance profile: channels differ in length (query {} vs {}, series {} vs {})",
                c.query.size(), m, c.series.size(), n));
    if (n < m) return {};
    const std::size_t windows = n - m + 1;
    // Blocks of at least 4 m (at least 3/4 of each block's output is kept) and 4096 (FFT
    // overhead), never much longer than the series.
    const std::size_t L = std::max(
        next_pow2(m + 1), std::min(next_pow2(std::max<std::size_t>(4 * m, 4096)), next_pow2(n)));
    FftPair fft(L);
    std::vector<double> profile(windows, 0.0), dots;
    std::vector<std::complex<double>> query_spectrum;
    for (const ChannelPair& c : channels) add_channel(c, fft, profile, query_spectrum, dots);
    return profile;
}

std::vector<double> naive_distance_profile(std::span<const double> query,
                                           std::span<const double> series) {
    const std::size_t m = query.size(), n = series.size();
    if (m < 2) throw InvalidInputError("naive distance profile: query shorter than 2");
    if (n < m) return {};
    const auto [q_mean, q_sd] = mean_sd(query);
    std::vector<double> out(n - m + 1);
    for (std::size_t i = 0; i + m <= n; ++i) {
        const auto w = series.subspan(i, m);
        if (std::any_of(w.begin(), w.end(), [](double x) { return std::isnan(x); })) {
            out[i] = k_inf;
            continue;
        }
        const auto [w_mean, w_sd] = mean_sd(w);
        const bool qc = is_constant(q_sd, q_mean), wc = is_constant(w_sd, w_mean);
        if (qc || wc) {
            out[i] = qc && wc ? 0.0 : static_cast<double>(m);
            continue;
        }
        double d2 = 0;
        for (std::size_t j = 0; j < m; ++j) {
            const double a = (query[j] - q_mean) / q_sd, b = (w[j] - w_mean) / w_sd;
            d2 += (a - b) * (a - b);
        }
        out[i] = d2;
    }
    return out;
}

}  // namespace heatloop::similar
