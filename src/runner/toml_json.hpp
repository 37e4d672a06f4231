#pragma once
// TOML values as JSON, so tables of a run config can be handed to the parts that read JSON
// (detector params, alarm policy, evaluation options).

#include <toml++/toml.h>
#include <nlohmann/json.hpp>

namespace heatloop::runner {

// Tables become objects, arrays arrays, strings/integers/floats/booleans themselves, and
// dates, times and date-times their TOML text (e.g. "2024-03-01").
nlohmann::json toml_to_json(const toml::node& node);

}  // namespace heatloop::runner
