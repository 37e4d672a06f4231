#include "heatloop/eval/nab.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "heatloop/core/enum_names.hpp"

namespace heatloop::eval {

namespace {

// NAB's own spelling of its profiles.
constexpr std::array k_profiles{std::pair{NabProfile::standard, "standard"},
                                std::pair{NabProfile::reward_low_fp_rate, "reward_low_FP_rate"},
                                std::pair{NabProfile::reward_low_fn_rate, "reward_low_FN_rate"}};

}  // namespace

std::string_view profile_name(NabProfile p) {
    return enum_name(k_profiles, p);
}

NabWeights weights_of(NabProfile p) {
    switch (p) {
        case NabProfile::standard:
            return {1.0, 0.11, 1.0};
        case NabProfile::reward_low_fp_rate:
            return {1.0, 0.22, 1.0};
        case NabProfile::reward_low_fn_rate:
            return {1.0, 0.11, 2.0};
    }
    return {};
}

double scaled_sigmoid(double y) {
    if (y > 3.0) return -1.0;
    return 2.0 / (1.0 + std::exp(5.0 * y)) - 1.0;
}

NabSums& NabSums::operator+=(const NabSums& o) {
    raw += o.raw;
    null_score += o.null_score;
    perfect += o.perfect;
    return *this;
}

double NabSums::normalized() const {
    if (perfect == null_score) return std::numeric_limits<double>::quiet_NaN();
    return 100.0 * (raw - null_score) / (perfect - null_score);
}

NabSums nab_sums(std::span<const IndexRange> windows, std::span<const std::size_t> detections,
                 std::span<const std::uint8_t> ignored, NabProfile profile) {
    const NabWeights w = weights_of(profile);
    const double max_tp = scaled_sigmoid(-1.0);
    std::vector<std::size_t> det(detections.begin(), detections.end());
    std::sort(det.begin(), det.end());
    det.erase(std::unique(det.begin(), det.end()), det.end());

    std::vector<double> best(windows.size(), -w.fn);
    double false_positives = 0.0;
    std::size_t k = 0;  // windows[k] is the first window whose end is >= the detection
    for (std::size_t i : det) {
        if (i < ignored.size() && ignored[i]) continue;
        while (k < windows.size() && windows[k].last < i) ++k;
        if (k < windows.size() && windows[k].first <= i) {
            // Inside: relative position -1 at the window's first sample, -1/width at its last.
            const IndexRange& win = windows[k];
            const double width = static_cast<double>(win.last - win.first + 1);
            const double y = -static_cast<double>(win.last - i + 1) / width;
            best[k] = std::max(best[k], scaled_sigmoid(y) * w.tp / max_tp);
        } else if (k == 0) {
            false_positives -= w.fp;  // no window before: as far away as can be
        } else {
            // Past the preceding window, in units of its width - 1 (at least 1, so a
            // one-sample window does not divide by zero).
            const IndexRange& prev = windows[k - 1];
            const double span = std::max<double>(static_cast<double>(prev.last - prev.first), 1.0);
            false_positives += scaled_sigmoid(static_cast<double>(i - prev.last) / span) * w.fp;
        }
    }
    NabSums s;
    for (double b : best) s.raw += b;
    s.raw += false_positives;
    s.null_score = -w.fn * static_cast<double>(windows.size());
    s.perfect = w.tp * static_cast<double>(windows.size());
    return s;
}

}  // namespace heatloop::eval
