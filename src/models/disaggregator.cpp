#include "heatloop/models/disaggregator.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "models/series.hpp"

namespace heatloop::models {

void Disaggregator::fit(std::span<const UnitFrame> units, const ModelContext& ctx) {
    begin_fit(units, ctx);
    for (const UnitFrame& u : units) {
        detail::require_channel(name(), u, total_channel());
        detail::require_channel(name(), u, component_channel());
    }
    do_fit(units, ctx);
    end_fit();
}

std::vector<double> Disaggregator::predict(const UnitFrame& unit) const {
    check_predictable(unit);
    detail::require_channel(name(), unit, total_channel());
    std::vector<double> out = do_predict(unit);
    if (out.size() != unit.rows())
        throw InternalError(fmt::format("{}: estimated {} rows of unit {} with {} rows", name(),
                                        out.size(), unit.unit_id(), unit.rows()));
    return out;
}

}  // namespace heatloop::models
