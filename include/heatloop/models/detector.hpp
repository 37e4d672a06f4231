#pragma once
/// The Detector kind: a model that scores each timestamp of a unit (higher = more anomalous,
/// NaN where not scored). configure -> fit (or load) -> score; save/load as model.hpp says.

#include <span>
#include <string_view>
#include <vector>

#include "heatloop/models/model.hpp"

namespace heatloop::models {

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

protected:
    Detector(std::string_view name, std::span<const ParamSpec> specs)
        : Model(name, ModelKind::detector, specs) {}

    /// Fit; `units` is non-empty.
    virtual void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) = 0;
    /// Score a unit with a regular grid; called only when fitted.
    virtual std::vector<double> do_score(const UnitFrame& unit) const = 0;
};

}  // namespace heatloop::models
