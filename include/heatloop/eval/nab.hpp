#pragma once
/// The Numenta Anomaly Benchmark score (Lavin & Ahmad 2015; Ahmad et al. 2017) on a sampled
/// time axis: detections inside a label window earn a scaled-sigmoid reward that is larger
/// the earlier they come, a window without detection costs the false-negative weight, and
/// detections outside windows cost the false-positive weight scaled by their distance past
/// the preceding window. Windows are the labels; no probationary period.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "heatloop/eval/range_based.hpp"

namespace heatloop::eval {

/// NAB's application profiles (weights of true positives, false positives, false negatives).
enum class NabProfile { standard, reward_low_fp_rate, reward_low_fn_rate };
inline constexpr std::array k_nab_profiles = {NabProfile::standard, NabProfile::reward_low_fp_rate,
                                              NabProfile::reward_low_fn_rate};

/// "standard", "reward_low_FP_rate", "reward_low_FN_rate" (NAB's names).
std::string_view profile_name(NabProfile p);

/// A profile's weights (NAB config/profiles.json).
struct NabWeights {
    double tp = 1.0;
    double fp = 0.11;
    double fn = 1.0;
};
NabWeights weights_of(NabProfile p);

/// NAB's scaled sigmoid of a relative position y: 2 / (1 + e^(5y)) - 1, and -1 for y > 3.
double scaled_sigmoid(double y);

/// Raw, null-detector and perfect-detector scores, additive over units; the normalised
/// score is 100 * (raw - null) / (perfect - null), NaN without windows.
struct NabSums {
    double raw = 0.0;
    double null_score = 0.0;
    double perfect = 0.0;
    NabSums& operator+=(const NabSums& o);
    double normalized() const;
};

/// NAB sums for `windows` (sorted, disjoint, inclusive sample indices) and detection sample
/// indices (any order; duplicates count once). Samples with ignored[i] != 0 (may be empty)
/// neither earn nor cost anything.
NabSums nab_sums(std::span<const IndexRange> windows, std::span<const std::size_t> detections,
                 std::span<const std::uint8_t> ignored, NabProfile profile);

}  // namespace heatloop::eval
