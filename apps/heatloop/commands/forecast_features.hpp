#pragma once
// `heatloop forecast features`: a subcommand of `heatloop forecast` (forecast.cpp).

#include <functional>

#include "commands/command.hpp"

namespace heatloop::cli {

// Adds `features` to the `forecast` subcommand; `check_parent` runs first (it refuses the
// parent's options that do not apply).
void add_forecast_features(CLI::App& forecast, const GlobalOptions& global,
                           std::function<void()> check_parent);

}  // namespace heatloop::cli
