#pragma once
// `[data] derive`: channels a run adds to each unit before it runs, e.g. the heat pump's load
// estimated from the unit's household meter by a shipped disaggregator, so the failure
// detectors can run on what a utility sees (docs/smartmeter.md "Detection on the estimated
// heat-pump load").

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/models/disaggregator.hpp"
#include "heatloop/runner/run_config.hpp"
#include "heatloop/runner/shipped_models.hpp"

namespace heatloop::runner {

class ChannelDeriver {
public:
    // Loads each derived channel's shipped model once; NotFoundError / InvalidInputError
    // naming the model when it cannot be found, is not a disaggregator or does not load.
    ChannelDeriver(const std::map<std::string, DerivedChannel>& derive, int threads);

    // Adds every derived channel to `unit`: its household meter (the meter of the same id,
    // else the meter of the household whose unit_id is the unit) estimated by the model on
    // the meter's grid, each unit row taking the estimate of the meter interval holding it
    // (missing outside the meter's span). InvalidInputError when the unit has no household
    // meter, already has a channel of that name, or its meter does not fit the model.
    void apply(const io::Workspace& ws, UnitFrame& unit) const;

    bool empty() const noexcept { return derived_.empty(); }

private:
    struct Derived {
        std::string channel;
        ShippedModel entry;
        std::unique_ptr<models::Model> model;
    };
    std::vector<Derived> derived_;
};

// Each row of `grid` takes the value of the cell of `series` (on its own regular grid) that
// holds its time; NaN outside.
std::vector<double> hold_onto(const UnitFrame& series, const std::vector<double>& values,
                              const UnitFrame& grid);

}  // namespace heatloop::runner
