#include "heatloop/testbench/time_constant.hpp"

#include <array>

#include "heatloop/core/error.hpp"
#include "heatloop/models/detectors/house_thermal.hpp"
#include "heatloop/models/registry.hpp"

namespace heatloop::testbench {

std::optional<double> fit_time_constant(const UnitFrame& frame) {
    if (frame.find("t_indoor") == nullptr || frame.rows() == 0) return std::nullopt;
    // The house_thermal detector's per-unit RC least squares is the fit; reuse it rather
    // than a second regression.
    auto detector = models::make_detector(models::HouseThermalDetector::k_name);
    try {
        const std::array<UnitFrame, 1> units{frame};
        detector->fit(units, models::ModelContext{});
    } catch (const InvalidInputError&) {
        return std::nullopt;  // no outdoor temperature or heat input: nothing to fit
    }
    const auto& house = dynamic_cast<const models::HouseThermalDetector&>(*detector);
    const auto it = house.unit_models().find(frame.unit_id());
    if (it == house.unit_models().end()) return std::nullopt;
    const double tau = it->second.tau_hours;
    if (!(tau >= k_min_tau_h && tau <= k_max_tau_h)) return std::nullopt;
    return tau;
}

}  // namespace heatloop::testbench
