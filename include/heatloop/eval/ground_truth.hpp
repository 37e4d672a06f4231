#pragma once
/// DESIGN.md "Evaluation": ground truth = confirmed labels with confidence >= the floor;
/// proposed and low-confidence labels and data gaps are ignore regions. Also the per-sample
/// masks the point-wise, range-based and NAB metrics use.

#include <cstdint>
#include <span>
#include <vector>

#include "heatloop/eval/inputs.hpp"
#include "heatloop/eval/options.hpp"

namespace heatloop::eval {

/// One unit's labels sorted into their roles.
struct UnitTruth {
    std::vector<EvalLabel> truth;  ///< counted ground truth, by start
    std::vector<EvalLabel>
        excluded;  ///< ground truth with no scored sample (inside gaps): not missed
    std::vector<EvalLabel> weighted;  ///< confirmed labels of any confidence, not excluded
    std::vector<Interval> ignore;     ///< sorted, merged ignore regions
};

/// Sorts `labels` (those of unit.unit_id; others are skipped) into their roles:
/// - confirmed with confidence >= floor: ground truth, unless no sample of the unit's time
///   axis inside it is scored (or it lies wholly in data gaps): then excluded and ignored;
/// - proposed (any confidence) and confirmed below the floor: ignore regions;
/// - rejected: nothing (their time counts as normal operation);
/// - data gaps: ignore regions.
/// Throws InvalidInputError for a label with end <= start or confidence outside [0, 1].
UnitTruth split_labels(const UnitData& unit, std::span<const EvalLabel> labels,
                       const EvalOptions& options);

/// True when `t` lies in one of the sorted, merged `intervals`.
bool covered(std::span<const Interval> intervals, Timestamp t);

/// Per-sample roles on the unit's time axis (1 = yes).
struct PointMasks {
    std::vector<std::uint8_t> truth;      ///< inside a ground-truth label
    std::vector<std::uint8_t> alarmed;    ///< inside an alarm
    std::vector<std::uint8_t> ignored;    ///< inside an ignore region and not ground truth
    std::vector<std::uint8_t> evaluated;  ///< scored (finite score) and not ignored
};
PointMasks point_masks(const UnitData& unit, const UnitTruth& truth);

}  // namespace heatloop::eval
