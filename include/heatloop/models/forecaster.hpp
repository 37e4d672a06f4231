#pragma once
/// The Forecaster kind: predicts a target channel of a unit one step or a horizon of steps
/// ahead (direct multi-step). Predictions are aligned with the rows they forecast, so
/// evaluation compares by_step[h - 1][i] with the target at row i.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/models/model.hpp"

namespace heatloop::models {

/// A unit's forecasts, aligned with its rows.
struct Forecast {
    std::string target;  ///< the channel forecast
    /// by_step[h - 1][i]: the forecast of the target at row i issued h steps earlier (from
    /// data up to row i - h); NaN where none could be made. One vector per horizon step.
    std::vector<std::vector<double>> by_step;
};

/// Base of every forecaster; registry.cpp lists them.
class Forecaster : public Model {
public:
    /// The channel this forecaster predicts (a parameter of most forecasters).
    virtual std::string target() const = 0;
    /// The number of steps ahead it forecasts (>= 1).
    virtual std::size_t horizon() const = 0;

    /// Learn from one or more units (regular grid, NaN = missing); sets context(). Throws
    /// InvalidInputError for no units, a unit without a regular grid or the target channel.
    void fit(std::span<const UnitFrame> units, const ModelContext& ctx);

    /// Forecasts for every row of `unit` (horizon() vectors of unit.rows() values). Throws
    /// InvalidInputError before fit()/load() and for a frame without a grid or a channel.
    Forecast predict(const UnitFrame& unit) const;

protected:
    Forecaster(std::string_view name, std::span<const ParamSpec> specs)
        : Model(name, ModelKind::forecaster, specs) {}

    /// Fit; `units` is non-empty, each has the target channel.
    virtual void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) = 0;
    /// Forecast a unit with a regular grid that has the target; called only when fitted.
    virtual Forecast do_predict(const UnitFrame& unit) const = 0;
};

}  // namespace heatloop::models
