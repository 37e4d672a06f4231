#include "heatloop/models/detector.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"

namespace heatloop::models {

void Detector::fit(std::span<const UnitFrame> units, const ModelContext& ctx) {
    begin_fit(units, ctx);
    do_fit(units, ctx);
    end_fit();
}

std::vector<double> Detector::score(const UnitFrame& unit) const {
    check_predictable(unit);
    std::vector<double> out = do_score(unit);
    if (out.size() != unit.rows())
        throw InternalError(fmt::format("{}: scored {} rows of unit {} with {} rows", name(),
                                        out.size(), unit.unit_id(), unit.rows()));
    return out;
}

}  // namespace heatloop::models
