#pragma once
/// The preprocessing chain after resampling: physical-range removal, robust outlier removal,
/// constant-channel drop, with a report of what each step did per channel.

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "heatloop/core/frame.hpp"
#include "heatloop/prep/channel_counts.hpp"
#include "heatloop/prep/constant_channels.hpp"
#include "heatloop/prep/range_filter.hpp"
#include "heatloop/prep/robust_outliers.hpp"

namespace heatloop::prep {

/// Which steps run, and with which options (defaults: all three, with their defaults).
struct PrepOptions {
    bool remove_out_of_range = true;     ///< step 1: physical-range removal
    RangeOptions range;                  ///< options of step 1
    bool remove_robust_outliers = true;  ///< step 2: robust outlier removal
    RobustOptions robust;                ///< options of step 2
    bool drop_constant = true;           ///< step 3: constant-channel drop
    ConstantOptions constant;            ///< options of step 3
};

/// What preprocess() did to one frame.
struct PrepReport {
    std::string unit_id;            ///< the frame's unit
    std::size_t rows = 0;           ///< rows of the frame
    ChannelCounts present_before;   ///< present values per channel before the chain
    ChannelCounts out_of_range;     ///< values removed by step 1 (empty when it did not run)
    ChannelCounts robust_outliers;  ///< values removed by step 2 (empty when it did not run)
    ConstantDropResult constant;    ///< channels dropped (or protected) by step 3
    ChannelCounts present_after;    ///< present values per remaining channel after the chain

    /// {"unit":..,"rows":..,"steps":{"out_of_range":{ch:n},"robust_outliers":{ch:n},
    ///  "constant_drop":{"dropped":[{"channel","reason","detail"}],"kept":[...]}},
    ///  "present_before":{ch:n},"present_after":{ch:n}}
    nlohmann::json to_json() const;
    /// A few human-readable lines for the command line.
    std::string summary() const;
};

/// Run the enabled steps on `frame` in place, in the order range, robust, constant.
PrepReport preprocess(UnitFrame& frame, const PrepOptions& options = {});

}  // namespace heatloop::prep
