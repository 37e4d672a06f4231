#pragma once
/// The alarm policy every detector shares (DESIGN.md "Models"): how a threshold is chosen
/// and how flagged samples become alarm events. Parsed from and written to a JSON object
/// whose keys are also valid TOML keys, so a run's config can hold it as a table.

#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string_view>

#include "heatloop/core/param.hpp"
#include "heatloop/core/time.hpp"

namespace heatloop::alarms {

/// How the score threshold is found.
enum class ThresholdMethod {
    fixed,          ///< value is the threshold itself
    quantile,       ///< value q in [0, 1]: the q-quantile of the training scores
    contamination,  ///< value c in (0, 1): the threshold that flags share c of training scores
    k_sigma,        ///< value k: mean + k * std of the training scores
};

/// "fixed", "quantile", "contamination" or "k_sigma".
std::string_view method_name(ThresholdMethod m);
/// The method of that name; throws InvalidInputError listing the valid names.
ThresholdMethod parse_method(std::string_view name);

/// Threshold choice plus event shaping. A sample is flagged when its score is strictly
/// above the threshold (NaN never is).
struct AlarmPolicy {
    ThresholdMethod method = ThresholdMethod::quantile;
    double value = 0.99;                        ///< meaning depends on `method`
    Duration min_duration = 0;                  ///< events shorter than this are dropped
    Duration merge_gap = 0;                     ///< events at most this far apart are merged
    Duration dedupe_window = 30 * k_minute_ms;  ///< keep the strongest peak per window; 0 = off
    bool operator==(const AlarmPolicy&) const = default;
};

/// The policy's settings, declared once (name, type, default, bounds, description):
/// policy_from_json validates by them, docs/evaluation.md shows them.
std::span<const ParamSpec> policy_param_specs();

/// Throws InvalidInputError naming the setting and its value for a value outside its
/// method's range (quantile outside [0, 1], contamination outside (0, 1), non-finite
/// threshold or k) or a negative duration.
void validate(const AlarmPolicy& policy);

/// {"method": "quantile", "value": 0.99, "min_duration": "0s", "merge_gap": "0s",
///  "dedupe_window": "30min"}.
nlohmann::json to_json(const AlarmPolicy& policy);

/// The policy of a JSON object, checked against policy_param_specs(); missing keys keep their
/// defaults. Durations are text ("30min") or integer milliseconds (ParamType::time_span).
/// Throws InvalidInputError for an unknown key (listing the valid ones), a wrong type, a value
/// out of its bounds, a missing `value` for a method other than quantile, or a value outside
/// its method's range (validate()).
AlarmPolicy policy_from_json(const nlohmann::json& j);

}  // namespace heatloop::alarms
