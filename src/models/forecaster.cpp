#include "heatloop/models/forecaster.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "models/series.hpp"

namespace heatloop::models {

void Forecaster::fit(std::span<const UnitFrame> units, const ModelContext& ctx) {
    begin_fit(units, ctx);
    for (const UnitFrame& u : units) detail::require_channel(name(), u, target());
    do_fit(units, ctx);
    end_fit();
}

Forecast Forecaster::predict(const UnitFrame& unit) const {
    check_predictable(unit);
    detail::require_channel(name(), unit, target());
    Forecast out = do_predict(unit);
    if (out.by_step.size() != horizon())
        throw InternalError(fmt::format("{}: forecast {} steps, horizon is {}", name(),
                                        out.by_step.size(), horizon()));
    for (const auto& step : out.by_step)
        if (step.size() != unit.rows())
            throw InternalError(fmt::format("{}: forecast {} rows of unit {} with {} rows", name(),
                                            step.size(), unit.unit_id(), unit.rows()));
    out.target = target();
    return out;
}

}  // namespace heatloop::models
