#include "heatloop/alarms/policy.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::alarms {

namespace {

constexpr std::array k_methods{std::pair{ThresholdMethod::fixed, "fixed"},
                               std::pair{ThresholdMethod::quantile, "quantile"},
                               std::pair{ThresholdMethod::contamination, "contamination"},
                               std::pair{ThresholdMethod::k_sigma, "k_sigma"}};

constexpr std::array<std::string_view, 5> k_keys = {"method", "value", "min_duration", "merge_gap",
                                                    "dedupe_window"};

Duration duration_field(const nlohmann::json& v, std::string_view key) {
    if (v.is_number_integer()) return v.get<Duration>();
    if (v.is_string()) {
        try {
            return parse_duration(v.get<std::string>());
        } catch (const InvalidInputError& e) {
            throw InvalidInputError(fmt::format("alarm policy: {}: {}", key, e.what()));
        }
    }
    throw InvalidInputError(
        fmt::format("alarm policy: {} must be a duration such as \"30min\" or integer ms, got {}",
                    key, v.dump()));
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

AlarmPolicy policy_from_json(const nlohmann::json& j) {
    if (!j.is_object())
        throw InvalidInputError(fmt::format("alarm policy: expected an object, got {}", j.dump()));
    for (const auto& [key, _] : j.items()) {
        bool known = false;
        for (auto k : k_keys) known = known || k == key;
        if (!known)
            throw InvalidInputError(fmt::format("alarm policy: unknown key '{}' (valid: {})", key,
                                                fmt::join(k_keys, ", ")));
    }
    AlarmPolicy p;
    if (j.contains("method")) {
        if (!j["method"].is_string())
            throw InvalidInputError(
                fmt::format("alarm policy: method must be text, got {}", j["method"].dump()));
        try {
            p.method = parse_method(j["method"].get<std::string>());
        } catch (const InvalidInputError& e) {
            throw InvalidInputError(fmt::format("alarm policy: {}", e.what()));
        }
    }
    if (j.contains("value")) {
        if (!j["value"].is_number())
            throw InvalidInputError(
                fmt::format("alarm policy: value must be a number, got {}", j["value"].dump()));
        p.value = j["value"].get<double>();
    } else if (p.method != ThresholdMethod::quantile) {
        throw InvalidInputError(
            fmt::format("alarm policy: method '{}' needs a 'value'", method_name(p.method)));
    }
    if (j.contains("min_duration"))
        p.min_duration = duration_field(j["min_duration"], "min_duration");
    if (j.contains("merge_gap")) p.merge_gap = duration_field(j["merge_gap"], "merge_gap");
    if (j.contains("dedupe_window"))
        p.dedupe_window = duration_field(j["dedupe_window"], "dedupe_window");
    validate(p);
    return p;
}

}  // namespace heatloop::alarms
