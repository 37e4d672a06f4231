#include "heatloop/prep/constant_channels.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::prep {

namespace {

constexpr std::array k_reasons{std::pair{ConstantReason::all_missing, "all_missing"},
                               std::pair{ConstantReason::constant, "constant"},
                               std::pair{ConstantReason::low_variance, "low_variance"},
                               std::pair{ConstantReason::dominant_value, "dominant_value"}};

void validate(const ConstantOptions& options) {
    if (!(options.std_tolerance >= 0))
        throw InvalidInputError(
            fmt::format("constant channels: std_tolerance must not be negative, got {}",
                        options.std_tolerance));
    if (!(options.dominant_share > 0.5 && options.dominant_share <= 1))
        throw InvalidInputError(
            fmt::format("constant channels: dominant_share must be in (0.5, 1], got {}",
                        options.dominant_share));
}

}  // namespace

std::string_view reason_name(ConstantReason reason) {
    return enum_name(k_reasons, reason);
}

std::optional<ConstantChannel> check_constant(std::string_view channel,
                                              const std::vector<double>& values,
                                              const ConstantOptions& options) {
    validate(options);
    // One pass: count, min/max, mean, and a Boyer-Moore majority candidate (a value covering
    // >= dominant_share > 1/2 of the present values must be the majority element).
    std::size_t n = 0, votes = 0;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo, sum = 0, candidate = 0;
    for (double v : values) {
        if (is_missing(v)) continue;
        ++n;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        sum += v;
        if (votes == 0) {
            candidate = v;
            votes = 1;
        } else if (v == candidate) {
            ++votes;
        } else {
            --votes;
        }
    }
    const std::string name(channel);
    if (n == 0) return ConstantChannel{name, ConstantReason::all_missing, "no present value"};
    if (lo == hi)
        return ConstantChannel{name, ConstantReason::constant,
                               fmt::format("every present value is {}", lo)};
    // Two-pass variance: exact for the offsets large temperatures and small noise produce.
    const double mean = sum / static_cast<double>(n);
    double ss = 0;
    std::size_t same = 0;
    for (double v : values) {
        if (is_missing(v)) continue;
        ss += (v - mean) * (v - mean);
        same += v == candidate;
    }
    const double sd = std::sqrt(ss / static_cast<double>(n));
    if (sd < options.std_tolerance)
        return ConstantChannel{name, ConstantReason::low_variance,
                               fmt::format("std {:g} < {:g}", sd, options.std_tolerance)};
    const double share = static_cast<double>(same) / static_cast<double>(n);
    if (share >= options.dominant_share)
        return ConstantChannel{name, ConstantReason::dominant_value,
                               fmt::format("value {} in {} of {} present values ({:.4g}%)",
                                           candidate, same, n, 100.0 * share)};
    return std::nullopt;
}

ConstantDropResult drop_constant_channels(UnitFrame& frame, const ConstantOptions& options) {
    validate(options);
    ConstantDropResult result;
    for (const auto& ch : frame.channels()) {
        auto found = check_constant(ch.name, ch.values, options);
        if (!found) continue;
        const bool keep =
            std::find(options.keep.begin(), options.keep.end(), ch.name) != options.keep.end();
        (keep ? result.kept : result.dropped).push_back(std::move(*found));
    }
    for (const auto& d : result.dropped) frame.remove(d.channel);
    return result;
}

}  // namespace heatloop::prep
