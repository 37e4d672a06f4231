#include "heatloop/alarms/policy.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::alarms {

namespace {

constexpr std::array k_methods{std::pair{ThresholdMethod::fixed, "fixed"},
                               std::pair{ThresholdMethod::quantile, "quantile"},
                               std::pair{ThresholdMethod::contamination, "contamination"},
                               std::pair{ThresholdMethod::k_sigma, "k_sigma"}};

constexpr std::string_view k_owner = "alarm policy";

std::vector<ParamSpec> make_specs() {
    std::vector<std::string_view> methods;
    for (auto [_, name] : k_methods) methods.push_back(name);
    return {
        {.name = "method",
         .type = ParamType::string,
         .default_value = "quantile",
         .choices = methods,
         .description = "how the threshold is found from the training scores: the value itself "
                        "(fixed), their value-quantile (quantile), the threshold flagging a "
                        "share value of them (contamination), mean + value * std (k_sigma)"},
        {.name = "value",
         .type = ParamType::number,
         .default_value = 0.99,
         .description = "the method's setting: any finite threshold (fixed), q in [0, 1] "
                        "(quantile), c in (0, 1) (contamination), finite k (k_sigma); required "
                        "unless method is quantile"},
        {.name = "min_duration",
         .type = ParamType::time_span,
         .default_value = "0s",
         .description = "events shorter than this (after merging) are dropped"},
        {.name = "merge_gap",
         .type = ParamType::time_span,
         .default_value = "0s",
         .description = "events at most this far apart merge into one, keeping the stronger peak"},
        {.name = "dedupe_window",
         .type = ParamType::time_span,
         .default_value = "30min",
         .description = "an event whose peak lies less than this from a stronger kept peak is "
                        "dropped; 0s keeps all"},
    };
}

}  // namespace

std::string_view method_name(ThresholdMethod m) {
    return enum_name(k_methods, m);
}

ThresholdMethod parse_method(std::string_view name) {
    return parse_enum(k_methods, name, "threshold method");
}

void validate(const AlarmPolicy& p) {
    const double v = p.value;
    switch (p.method) {
        case ThresholdMethod::fixed:
            if (!std::isfinite(v))
                throw InvalidInputError(
                    fmt::format("alarm policy: fixed threshold must be finite, got {}", v));
            break;
        case ThresholdMethod::quantile:
            if (!(v >= 0.0 && v <= 1.0))
                throw InvalidInputError(
                    fmt::format("alarm policy: quantile must be in [0, 1], got {}", v));
            break;
        case ThresholdMethod::contamination:
            if (!(v > 0.0 && v < 1.0))
                throw InvalidInputError(
                    fmt::format("alarm policy: contamination must be in (0, 1), got {}", v));
            break;
        case ThresholdMethod::k_sigma:
            if (!std::isfinite(v))
                throw InvalidInputError(
                    fmt::format("alarm policy: k_sigma k must be finite, got {}", v));
            break;
    }
    for (auto [name, d] :
         {std::pair{"min_duration", p.min_duration}, std::pair{"merge_gap", p.merge_gap},
          std::pair{"dedupe_window", p.dedupe_window}})
        if (d < 0)
            throw InvalidInputError(
                fmt::format("alarm policy: {} must not be negative, got {} ms", name, d));
}

nlohmann::json to_json(const AlarmPolicy& p) {
    return {{"method", std::string(method_name(p.method))},
            {"value", p.value},
            {"min_duration", format_duration(p.min_duration)},
            {"merge_gap", format_duration(p.merge_gap)},
            {"dedupe_window", format_duration(p.dedupe_window)}};
}

std::span<const ParamSpec> policy_param_specs() {
    static const std::vector<ParamSpec> specs = make_specs();
    return specs;
}

AlarmPolicy policy_from_json(const nlohmann::json& j) {
    if (!j.is_object())
        throw InvalidInputError(fmt::format("alarm policy: expected an object, got {}", j.dump()));
    const nlohmann::json r = resolve_params(k_owner, policy_param_specs(), j);
    AlarmPolicy p;
    p.method = parse_method(r["method"].get<std::string>());
    // The table cannot say that only quantile has a default worth keeping: 0.99 means
    // nothing as a fixed threshold or a contamination share.
    if (!j.contains("value") && p.method != ThresholdMethod::quantile)
        throw InvalidInputError(
            fmt::format("alarm policy: method '{}' needs a 'value'", method_name(p.method)));
    p.value = r["value"].get<double>();
    p.min_duration = time_span_ms(r["min_duration"]);
    p.merge_gap = time_span_ms(r["merge_gap"]);
    p.dedupe_window = time_span_ms(r["dedupe_window"]);
    validate(p);  // the value's range depends on the method
    return p;
}

}  // namespace heatloop::alarms
