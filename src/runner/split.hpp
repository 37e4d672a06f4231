#pragma once
// Which rows of each unit train the detector and which are evaluated (RunConfig [data]).

#include <span>
#include <string>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/runner/run_config.hpp"

namespace heatloop::runner {

// Half-open row range [begin, end) of a unit's frame.
struct RowRange {
    std::size_t begin = 0, end = 0;
    bool empty() const noexcept { return end <= begin; }
};

// One unit's part in a run.
struct UnitPlan {
    std::string unit_id;
    RowRange train;  // empty: the unit does not train
    RowRange eval;   // empty: the unit is not evaluated
};

// The plan of a unit with `time` (its grid) under `data`; leave-units-out looks the unit up
// in data.eval_units.
UnitPlan plan_unit(const std::string& unit_id, std::span<const Timestamp> time,
                   const DataSpec& data);

// A copy of rows `r` of `frame` with every channel set missing inside `masked` spans (the
// labelled periods kept out of training); returns the number of rows masked in `masked_rows`.
UnitFrame training_frame(const UnitFrame& frame, RowRange r, std::span<const GapSpan> masked,
                         std::size_t& masked_rows);

}  // namespace heatloop::runner
