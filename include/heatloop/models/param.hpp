#pragma once
/// The parameter tables models declare: heatloop/core/param.hpp, brought into
/// heatloop::models so model code names them as before.

#include "heatloop/core/param.hpp"

namespace heatloop::models {

using heatloop::describe_bounds;
using heatloop::DurationParam;
using heatloop::param_table_markdown;
using heatloop::param_type_name;
using heatloop::ParamSpec;
using heatloop::ParamType;
using heatloop::resolve_params;

}  // namespace heatloop::models
