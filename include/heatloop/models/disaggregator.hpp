#pragma once
/// The Disaggregator kind: estimates a component series (e.g. the heat pump's load) from a
/// total series (the household meter), row by row.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/models/model.hpp"

namespace heatloop::models {

/// Base of every disaggregator; registry.cpp lists them.
class Disaggregator : public Model {
public:
    /// The channel holding the total (input), e.g. "load".
    virtual std::string total_channel() const = 0;
    /// The channel holding the component (the training target), e.g. "load_heat_pump".
    virtual std::string component_channel() const = 0;

    /// Learn from units that have both the total and the component; sets context(). Throws
    /// InvalidInputError for no units, a unit without a grid or without either channel.
    void fit(std::span<const UnitFrame> units, const ModelContext& ctx);

    /// The estimated component per row of `unit` (NaN where not estimated), from its total
    /// (and whatever other inputs the model declares). Throws InvalidInputError before
    /// fit()/load() and for a frame without a grid or the total channel.
    std::vector<double> predict(const UnitFrame& unit) const;

protected:
    Disaggregator(std::string_view name, std::span<const ParamSpec> specs)
        : Model(name, ModelKind::disaggregator, specs) {}

    /// Fit; every unit has both channels.
    virtual void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) = 0;
    /// Estimate the component of a unit with a grid and the total; called only when fitted.
    virtual std::vector<double> do_predict(const UnitFrame& unit) const = 0;
};

}  // namespace heatloop::models
