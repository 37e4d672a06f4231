#pragma once
/// The house time constant a failure's indoor temperature decays with: fitted per unit by
/// the house_thermal detector's RC least squares where the unit has t_indoor, else a
/// default.

#include <optional>

#include "heatloop/core/frame.hpp"

namespace heatloop::testbench {

/// Default house time constant [h] for units without a usable room sensor.
inline constexpr double k_default_tau_h = 40.0;

/// Fitted time constants outside [k_min_tau_h, k_max_tau_h] are not trusted.
inline constexpr double k_min_tau_h = 2.0;
inline constexpr double k_max_tau_h = 1000.0;

/// The RC time constant of the unit's house fitted on `frame` (which should hold normal
/// operation only: labelled spans masked), or nullopt when the unit has no t_indoor, too
/// little data, or the fit gives a value outside the trusted range.
std::optional<double> fit_time_constant(const UnitFrame& frame);

}  // namespace heatloop::testbench
