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

DetectorOutput Detector::score_with_channels(const UnitFrame& unit) const {
    check_predictable(unit);
    DetectorOutput out = do_score_with_channels(unit);
    if (out.score.size() != unit.rows())
        throw InternalError(fmt::format("{}: scored {} rows of unit {} with {} rows", name(),
                                        out.score.size(), unit.unit_id(), unit.rows()));
    for (const ScoreChannel& c : out.channels)
        if (c.values.size() != unit.rows() || c.name.empty())
            throw InternalError(
                fmt::format("{}: score channel '{}' has {} values for unit {} "
                            "with {} rows",
                            name(), c.name, c.values.size(), unit.unit_id(), unit.rows()));
    return out;
}

}  // namespace heatloop::models
