#pragma once
/// The distance profile of MASS (Mueen's Algorithm for Similarity Search): the z-normalised
/// Euclidean distance between a query and every window of the same length of a series, from
/// sliding dot products computed with FFTW in overlap-save blocks, so the cost is
/// O(n log m) and the memory O(n + m) for a series of n points and a query of m.

#include <cstddef>
#include <span>
#include <vector>

namespace heatloop::similar {

/// One channel of a multi-channel search: the query's values and the series searched.
struct ChannelPair {
    std::span<const double> query;
    std::span<const double> series;
};

/// For every window start i of the series (n - m + 1 of them, m = the query length), the sum
/// over channels of the squared z-normalised Euclidean distance between the query and the
/// window [i, i + m): 2 m (1 - Pearson correlation) per channel. A window holding a missing
/// value (NaN) in any channel is +infinity. A constant window or query (standard deviation
/// ~0) has no z-normalised shape: distance 0 when both are constant, m when one is (the
/// convention of stumpy and SCRIMP++). Every channel must have the same query length m >= 2
/// and the same series length; InvalidInputError otherwise. A series shorter than the query
/// gives an empty profile. The query must hold no missing value.
std::vector<double> distance_profile(std::span<const ChannelPair> channels);

/// The same for one channel, computed directly in O(n m): the reference the tests hold the
/// FFT version to.
std::vector<double> naive_distance_profile(std::span<const double> query,
                                           std::span<const double> series);

}  // namespace heatloop::similar
