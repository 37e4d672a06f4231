#include "heatloop/models/classifier.hpp"

#include <fmt/format.h>

#include <cmath>

#include "heatloop/core/error.hpp"

namespace heatloop::models {

void Classifier::fit(std::span<const UnitFrame> units, std::span<const double> targets,
                     const ModelContext& ctx) {
    begin_fit(units, ctx);
    if (targets.size() != units.size())
        throw InvalidInputError(
            fmt::format("{}: {} targets for {} units", name(), targets.size(), units.size()));
    bool seen[2] = {false, false};
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (targets[i] != 0.0 && targets[i] != 1.0)
            throw InvalidInputError(fmt::format("{}: unit {} has target {}, expected 0 or 1",
                                                name(), units[i].unit_id(), targets[i]));
        seen[targets[i] == 1.0] = true;
    }
    if (!seen[0] || !seen[1])
        throw InvalidInputError(
            fmt::format("{}: training targets are all {}; a classifier needs units of both classes",
                        name(), seen[1] ? 1 : 0));
    do_fit(units, targets, ctx);
    end_fit();
}

std::vector<PeriodProbability> Classifier::predict(const UnitFrame& unit) const {
    check_predictable(unit);
    std::vector<PeriodProbability> out = do_predict(unit);
    for (const auto& p : out)
        if (p.end <= p.start ||
            !(std::isnan(p.probability) || (p.probability >= 0.0 && p.probability <= 1.0)))
            throw InternalError(fmt::format("{}: invalid period probability {} for unit {}", name(),
                                            p.probability, unit.unit_id()));
    return out;
}

}  // namespace heatloop::models
