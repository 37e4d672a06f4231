#pragma once
/// The Detector kind: a model that scores each timestamp of a unit (higher = more anomalous,
/// NaN where not scored). configure -> fit (or load) -> score; save/load as model.hpp says.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/models/model.hpp"

namespace heatloop::models {

/// A named series a detector makes besides its score, one value per row (NaN where none):
/// e.g. one input channel's standardised residual, so a reviewer sees which channel drifted.
/// Runs store them next to the score as "score.<name>" (docs/runs.md).
struct ScoreChannel {
    std::string name;
    std::vector<double> values;
};

/// A detector's output for one unit: the score and any extra score channels.
struct DetectorOutput {
    std::vector<double> score;
    std::vector<ScoreChannel> channels;
};

/// Base of every detector; registry.cpp lists them.
class Detector : public Model {
public:
    /// Learn from normal operation of one or more units (regular grid, NaN = missing); also
    /// sets context(). Throws InvalidInputError for no units, a unit without a regular grid,
    /// or data the model cannot learn from, naming the unit.
    void fit(std::span<const UnitFrame> units, const ModelContext& ctx);

    /// One score per row of `unit`, aligned with unit.time(). Throws InvalidInputError before
    /// fit()/load() and for a frame without a regular grid or a required channel.
    std::vector<double> score(const UnitFrame& unit) const;

    /// score() plus the detector's extra score channels (none unless the detector has them),
    /// each aligned with unit.time(). Same errors as score().
    DetectorOutput score_with_channels(const UnitFrame& unit) const;

protected:
    Detector(std::string_view name, std::span<const ParamSpec> specs)
        : Model(name, ModelKind::detector, specs) {}

    /// Fit; `units` is non-empty.
    virtual void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) = 0;
    /// Score a unit with a regular grid; called only when fitted.
    virtual std::vector<double> do_score(const UnitFrame& unit) const = 0;
    /// The score and extra channels; default: do_score() and no channels. A detector with
    /// channels overrides this (and lets do_score() return its score).
    virtual DetectorOutput do_score_with_channels(const UnitFrame& unit) const {
        return {do_score(unit), {}};
    }
};

}  // namespace heatloop::models
