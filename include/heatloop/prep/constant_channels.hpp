#pragma once
/// Dropping constant and near-constant channels, which carry nothing a model can learn from
/// (the hot-water paper drops 11 of 23 variables this way).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"

namespace heatloop::prep {

/// When a channel counts as constant.
struct ConstantOptions {
    /// Near-constant: population standard deviation of the present values below this.
    double std_tolerance = 1e-6;
    /// Near-constant: one value makes up at least this share of the present values; in
    /// (0.5, 1] so that such a value is the majority.
    double dominant_share = 0.999;
    /// Protected channels, never dropped (e.g. compressor_on, constant 0 all summer).
    std::vector<std::string> keep{};
};

/// Why a channel is (near-)constant, checked in this order.
enum class ConstantReason {
    all_missing,     ///< no present value
    constant,        ///< every present value is equal
    low_variance,    ///< standard deviation below std_tolerance
    dominant_value,  ///< one value covers at least dominant_share of the present values
};

/// "all_missing", "constant", "low_variance", "dominant_value".
std::string_view reason_name(ConstantReason reason);

/// One channel found (near-)constant.
struct ConstantChannel {
    std::string channel;                               ///< channel name
    ConstantReason reason = ConstantReason::constant;  ///< the first rule that matched
    std::string detail;  ///< e.g. "every present value is 0", "std 2e-07 < 1e-06"
    bool operator==(const ConstantChannel&) const = default;
};

/// What drop_constant_channels did.
struct ConstantDropResult {
    std::vector<ConstantChannel> dropped;  ///< removed from the frame (with their gaps)
    std::vector<ConstantChannel> kept;     ///< (near-)constant but protected by `keep`
};

/// Why `values` is (near-)constant, or nullopt when it is not. O(n), no allocation. Throws
/// like drop_constant_channels for invalid options.
std::optional<ConstantChannel> check_constant(std::string_view channel,
                                              const std::vector<double>& values,
                                              const ConstantOptions& options = {});

/// Remove every (near-)constant channel not listed in `keep`, with its gaps. Throws
/// InvalidInputError for a negative tolerance or a share outside (0.5, 1], naming the value.
ConstantDropResult drop_constant_channels(UnitFrame& frame, const ConstantOptions& options = {});

}  // namespace heatloop::prep
