#pragma once
/// The one seeded random number generator of heatloop, with fixed algorithms, so a seed gives
/// the same numbers with any standard library: std::mt19937_64 (its output is fixed by the
/// standard) and hand-written distributions (the std:: distributions are
/// implementation-defined). The simulator, the models and the run planner draw from it.

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace heatloop {

/// SplitMix64 finaliser: a bijective 64-bit mix used to derive independent seeds.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/// An independent seed for item `index` (tree t, unit u, fold k, ...) of a computation seeded
/// `seed`.
constexpr std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t index) noexcept {
    return mix64(mix64(seed) + index);
}

/// A random number generator whose every draw is defined here, not by the library.
class Rng {
public:
    /// Seeds the engine.
    explicit Rng(std::uint64_t seed) : engine_(seed) {}

    /// 64 random bits.
    std::uint64_t bits() { return engine_(); }
    /// Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
    /// Uniform in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Uniform integer in [lo, hi] (inclusive), without modulo bias.
    std::int64_t uniform_int(std::int64_t lo, std::int64_t hi) {
        auto range = static_cast<std::uint64_t>(hi - lo) + 1;
        if (range == 0) return static_cast<std::int64_t>(engine_());
        std::uint64_t limit = UINT64_MAX - UINT64_MAX % range;
        std::uint64_t x;
        do x = engine_();
        while (x >= limit);
        return lo + static_cast<std::int64_t>(x % range);
    }
    /// True with probability p.
    bool bernoulli(double p) { return uniform() < p; }
    /// Standard normal by the Box-Muller transform (the second value is kept for next call).
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u1 = 1.0 - uniform();  // (0, 1]: log stays finite
        double u2 = uniform();
        double r = std::sqrt(-2.0 * std::log(u1));
        double theta = 2.0 * std::numbers::pi * u2;
        spare_ = r * std::sin(theta);
        has_spare_ = true;
        return r * std::cos(theta);
    }
    /// Normal with the given mean and standard deviation.
    double normal(double mean, double sd) { return mean + sd * normal(); }
    /// Exponential with the given mean.
    double exponential(double mean) { return -mean * std::log(1.0 - uniform()); }
    /// Poisson count with the given mean (Knuth's method; for means up to ~30).
    int poisson(double mean) {
        double limit = std::exp(-mean), p = 1.0;
        int k = 0;
        do {
            ++k;
            p *= uniform();
        } while (p > limit && k < 1000);
        return k - 1;
    }

private:
    std::mt19937_64 engine_;
    double spare_ = 0.0;
    bool has_spare_ = false;
};

}  // namespace heatloop
