#pragma once
// Internal helpers shared by the detectors: channel look-up with a model-named error,
// block (e.g. hourly) means, and a small portable random generator.

#include <cstdint>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"

namespace heatloop::models::detail {

// The values of `channel`; throws InvalidInputError naming model, unit and the channels there
// are when the unit lacks it.
const std::vector<double>& require_channel(std::string_view model, const UnitFrame& unit,
                                           std::string_view channel);

// Means of consecutive blocks of `block` ms aligned to multiples of `block` since the epoch.
struct BlockMeans {
    Timestamp start = 0;       // start of block 0
    Duration block = 0;        // block length
    std::vector<double> mean;  // NaN where a block has fewer than min_present values
    // Index of the block holding time t (t >= start).
    std::size_t index(Timestamp t) const { return static_cast<std::size_t>((t - start) / block); }
};
BlockMeans block_means(const std::vector<Timestamp>& time, const std::vector<double>& values,
                       Duration block, std::size_t min_present = 1);

// SplitMix64: tiny, fast, and the same sequence on every platform (unlike std distributions),
// so seeded models and their saved documents are reproducible anywhere.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // Uniform integer in [0, n), n > 0; the modulo bias is below n / 2^64.
    std::uint64_t below(std::uint64_t n) { return next() % n; }

private:
    std::uint64_t state_;
};

// An independent stream for item `index` of a seeded computation (tree t, unit u, ...).
inline std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t index) {
    Rng r(seed ^ (0xD1B54A32D192ED03ULL * (index + 1)));
    return r.next();
}

}  // namespace heatloop::models::detail
