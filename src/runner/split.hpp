#pragma once
// The run plan (RunConfig [data] and [model] scope): which rows of each unit fit a model,
// which calibrate its threshold, which are evaluated, and which model predicts each unit.

#include <span>
#include <string>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/runner/run_config.hpp"

namespace heatloop::io {
class Workspace;
}

namespace heatloop::runner {

// Half-open row range [begin, end) of a unit's frame.
struct RowRange {
    std::size_t begin = 0, end = 0;
    bool empty() const noexcept { return end <= begin; }
    std::size_t size() const noexcept { return empty() ? 0 : end - begin; }
};

// One unit's part in a run.
struct UnitPlan {
    std::string unit_id;
    RowRange train;         // rows that fit a model; empty: the unit does not train
    RowRange calibration;   // rows held out of fitting that calibrate the threshold (may be empty)
    RowRange eval;          // empty: the unit is not evaluated
    std::size_t model = 0;  // the model (RunPlan::models) that predicts its evaluation rows
};

// One model of a run and the units it is fitted on.
struct ModelPlan {
    std::string key;                 // "fleet", "unit-<id>" or "fold-<k>"
    std::vector<std::size_t> train;  // indices of the units it is fitted (and calibrated) on
};

// What trains on what.
struct RunPlan {
    std::vector<UnitPlan> units;
    std::vector<ModelPlan> models;
};

// The run's units: the configured ones, or every unit of `ws` with data. Throws NotFoundError
// for an unknown unit and InvalidInputError for a unit without data, an eval_units entry
// that is not among them, or a workspace without data.
std::vector<std::string> resolve_run_units(const RunConfig& config, const io::Workspace& ws);

// The plan of `unit` under `data`: time and dates splits through prep's split (make_split,
// which names the unit and the range when a part would hold no row); leave-units-out looks
// the unit up in data.eval_units. The calibration rows are the last calibration_fraction of
// the training rows (taken out of them).
UnitPlan plan_unit(const UnitFrame& unit, const DataSpec& data);

// The models of a run over `units` (planned by plan_unit, in run order): one for the fleet,
// one per unit (scope = unit), or one per fold (split = unit_folds; units are dealt to folds
// in a seeded shuffle so that fold sizes differ by at most one). Sets each unit's model.
// Throws InvalidInputError when a model has no unit to train on or fewer units than folds.
RunPlan plan_run(std::vector<UnitPlan> units, const RunConfig& config);

// A copy of rows `r` of `frame` with every channel set missing inside `masked` spans (the
// labelled periods kept out of training); returns the number of rows masked in `masked_rows`.
UnitFrame training_frame(const UnitFrame& frame, RowRange r, std::span<const GapSpan> masked,
                         std::size_t& masked_rows);

}  // namespace heatloop::runner
