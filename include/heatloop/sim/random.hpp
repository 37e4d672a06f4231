#pragma once
/// The simulator's random streams: every unit, location and household draws from its own
/// stream of the one seeded generator (core/random.hpp).

#include <cstdint>

#include "heatloop/core/random.hpp"

namespace heatloop::sim {

/// The independent random streams of a simulation. Each unit, location and household draws
/// from its own stream, so one unit's data does not depend on how many others there are.
enum class Stream : std::uint64_t {
    climate = 1,
    weather,
    unit_config,
    household,
    faults,
    sensor_noise,
    labels,
    extra_household,
};

/// The seed of `stream` for item `index` (unit, location, ...) of a simulation seeded `seed`.
constexpr std::uint64_t derive_seed(std::uint64_t seed, Stream stream,
                                    std::uint64_t index = 0) noexcept {
    return mix64(mix64(mix64(seed) ^ static_cast<std::uint64_t>(stream)) + index);
}

/// The one seeded generator (core/random.hpp).
using heatloop::Rng;

}  // namespace heatloop::sim
