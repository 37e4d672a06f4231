#pragma once
/// A run's per-unit work carried out elsewhere (the Python package's heatloop.dask: tasks on
/// a dask.distributed cluster, docs/python.md). execute_run() plans the run, loads the units
/// and fits the models that train on several units (scope fleet, folds) on the driver as
/// always; with a FanOut in RunEnvironment::fan_out it then hands each (model, unit)
/// prediction the finishing step needs to the fan-out as a work item, and with scope = "unit"
/// the fit of each unit's model too. A worker carries items out with run_unit_work(); the
/// results come back to the driver, which stores the models, finishes the run (thresholds,
/// alarms, evaluation, outputs) and logs it exactly as a local run does. Workers read the
/// units from a workspace directory of their own (the same data: a shared path); the label
/// store and the tracking stay on the driver.
///
/// Items, the shared part and results are opaque byte strings (CBOR; doubles as raw bytes,
/// so scores come back bit for bit).

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace heatloop::io {
class Workspace;
}

namespace heatloop::runner {

/// One work item: the unit it reads (items of a unit are adjacent) and its encoding.
struct UnitWorkItem {
    std::string unit_id;
    std::string data;
};

/// Carries out a run's work items somewhere.
class FanOut {
public:
    virtual ~FanOut() = default;
    /// Carries out every item with run_unit_work(workspace, shared, items) (in any grouping,
    /// on any machine) and returns one result per item, in the order of `items`. What it
    /// throws ends the run (logged FAILED).
    virtual std::vector<std::string> execute(const std::string& shared,
                                             std::span<const UnitWorkItem> items) const = 0;
};

/// A worker's part: loads each item's unit from `ws` (as a run does: with weather and unit
/// attributes; a household's meters for disaggregators), fits the unit's model when the item
/// says so (on its training rows, labelled spans masked) or restores the model shipped in
/// `shared`, and predicts the unit with `threads` threads. Returns one encoded result per item.
/// Throws InvalidInputError for bytes that are not work items, and what the model or the
/// workspace throws (an unknown unit: NotFoundError).
std::vector<std::string> run_unit_work(const io::Workspace& ws, std::string_view shared,
                                       std::span<const std::string> items, int threads = 1);

}  // namespace heatloop::runner
