#pragma once
/// Parameter tables: each model, the alarm policy and the evaluation options declare every
/// setting once (name, type, default, bounds, description). Validation, defaults, CLI help and
/// the generated tables in docs/ all read that declaration.

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/time.hpp"

namespace heatloop {

/// The JSON type a parameter takes.
enum class ParamType {
    integer,      ///< a JSON integer, bounded by [min, max]
    number,       ///< any JSON number, bounded by [min, max]
    boolean,      ///< true / false
    string,       ///< a string, one of `choices` when those are given
    string_list,  ///< an array of strings (each one of `choices` when given); [min, max] bounds
                  ///< the number of elements
    duration,     ///< a length of time ("30s", "15min", "6h"; [min, max] bound it in ms) or a
                  ///< number of grid steps ("60 steps"), so one config fits 1-s to 1-h data
    number_list,  ///< an array of finite numbers; [min, max] bounds the number of elements
    time_span,    ///< a length of time only, for settings with no grid to count steps on: text
                  ///< ("30s", "15min", "6h") or integer milliseconds; never negative; [min, max]
                  ///< bound it in ms
};

/// "integer", "number", "boolean", "string", "string list", "duration", "number list" or
/// "time span".
std::string_view param_type_name(ParamType type);

/// The value of a duration parameter: a length of time or a count of grid steps.
struct DurationParam {
    Duration length = 0;     ///< a length of time (>= 0) when steps is 0
    std::int64_t steps = 0;  ///< > 0 for a count of grid steps
    /// "30s", "15min", "6h", "2d", "0s" (core/time.hpp's parse_duration) or "60 steps" /
    /// "1 step". Throws InvalidInputError naming the text for anything else, a negative
    /// length or a step count <= 0 (a parameter's bounds decide whether "0s" is allowed).
    static DurationParam parse(std::string_view text);
    /// The length on a grid of `step` ms: steps * step, or length.
    Duration on_grid(Duration step) const noexcept { return steps > 0 ? steps * step : length; }
};

/// One hyperparameter.
struct ParamSpec {
    std::string_view name;
    ParamType type = ParamType::number;
    nlohmann::json default_value;  ///< must itself pass validation (checked by the tests)
    double min = -std::numeric_limits<double>::infinity();  ///< inclusive lower bound
    double max = std::numeric_limits<double>::infinity();   ///< inclusive upper bound
    std::vector<std::string_view> choices{};                ///< allowed strings (empty = any)
    std::string_view description;
};

/// Validate `params` (a JSON object, or null for "all defaults") against `specs` and return a
/// complete object: every spec'd name with its given (unchanged) or default value. Throws
/// InvalidInputError naming `owner` (the model or settings group, e.g. "alarm policy") and the
/// parameter for an unknown key (listing the valid ones), a wrong type, a value out of bounds
/// (stating the bounds), or a string not among the choices (listing them).
nlohmann::json resolve_params(std::string_view owner, std::span<const ParamSpec> specs,
                              const nlohmann::json& params);

/// The milliseconds of a time_span value that passed resolve_params: integer ms as is, text
/// through parse_duration. Throws InvalidInputError for anything else.
Duration time_span_ms(const nlohmann::json& value);

/// "[1, 10000]", ">= 0", "one of: static, dynamic", "" when unbounded: for help and docs.
std::string describe_bounds(const ParamSpec& spec);

/// A Markdown table of the parameters (name, type, default, bounds, description), the form
/// docs/models.md holds for each model and docs/evaluation.md for alarms and evaluation.
std::string param_table_markdown(std::span<const ParamSpec> specs);

}  // namespace heatloop
