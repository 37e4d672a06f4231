#include "heatloop/core/param.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop {

namespace {

constexpr std::array k_types{
    std::pair{ParamType::integer, "integer"},         std::pair{ParamType::number, "number"},
    std::pair{ParamType::boolean, "boolean"},         std::pair{ParamType::string, "string"},
    std::pair{ParamType::string_list, "string list"}, std::pair{ParamType::duration, "duration"},
    std::pair{ParamType::number_list, "number list"}, std::pair{ParamType::time_span, "time span"}};

std::string number_text(double v) {
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    return fmt::format("{}", v);
}

std::string valid_names(std::span<const ParamSpec> specs) {
    std::vector<std::string_view> names;
    for (const auto& s : specs) names.push_back(s.name);
    return names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "));
}

void check_bounds(std::string_view owner, const ParamSpec& spec, double v, std::string_view what) {
    if (v >= spec.min && v <= spec.max) return;
    throw InvalidInputError(fmt::format("{}: parameter {}{} = {} is out of bounds {}", owner,
                                        spec.name, what, number_text(v), describe_bounds(spec)));
}

void check_choice(std::string_view owner, const ParamSpec& spec, const std::string& v) {
    if (spec.choices.empty()) return;
    if (std::find(spec.choices.begin(), spec.choices.end(), v) != spec.choices.end()) return;
    throw InvalidInputError(fmt::format("{}: parameter {} = '{}' is not valid (valid: {})", owner,
                                        spec.name, v, fmt::join(spec.choices, ", ")));
}

[[noreturn]] void wrong_type(std::string_view owner, const ParamSpec& spec,
                             const nlohmann::json& v) {
    throw InvalidInputError(fmt::format("{}: parameter {} expects {}, got {} {}", owner, spec.name,
                                        param_type_name(spec.type), v.type_name(), v.dump()));
}

void check_value(std::string_view owner, const ParamSpec& spec, const nlohmann::json& v) {
    switch (spec.type) {
        case ParamType::integer:
            if (!v.is_number_integer()) wrong_type(owner, spec, v);
            check_bounds(owner, spec, v.get<double>(), "");
            return;
        case ParamType::number:
            if (!v.is_number() || !std::isfinite(v.get<double>())) wrong_type(owner, spec, v);
            check_bounds(owner, spec, v.get<double>(), "");
            return;
        case ParamType::boolean:
            if (!v.is_boolean()) wrong_type(owner, spec, v);
            return;
        case ParamType::string:
            if (!v.is_string()) wrong_type(owner, spec, v);
            check_choice(owner, spec, v.get<std::string>());
            return;
        case ParamType::string_list:
            if (!v.is_array()) wrong_type(owner, spec, v);
            for (const auto& e : v) {
                if (!e.is_string()) wrong_type(owner, spec, v);
                check_choice(owner, spec, e.get<std::string>());
            }
            check_bounds(owner, spec, static_cast<double>(v.size()), " (element count)");
            return;
        case ParamType::duration: {
            if (!v.is_string()) wrong_type(owner, spec, v);
            DurationParam d;
            try {
                d = DurationParam::parse(v.get<std::string>());
            } catch (const InvalidInputError& e) {
                throw InvalidInputError(
                    fmt::format("{}: parameter {}: {}", owner, spec.name, e.what()));
            }
            if (d.steps == 0 && !(static_cast<double>(d.length) >= spec.min &&
                                  static_cast<double>(d.length) <= spec.max))
                throw InvalidInputError(fmt::format("{}: parameter {} = {} is out of bounds {}",
                                                    owner, spec.name, v.get<std::string>(),
                                                    describe_bounds(spec)));
            return;
        }
        case ParamType::number_list:
            if (!v.is_array()) wrong_type(owner, spec, v);
            for (const auto& e : v)
                if (!e.is_number() || !std::isfinite(e.get<double>())) wrong_type(owner, spec, v);
            check_bounds(owner, spec, static_cast<double>(v.size()), " (element count)");
            return;
        case ParamType::time_span: {
            // Integer ms are kept beside text because stored configs and runs hold both forms.
            if (!v.is_number_integer() && !v.is_string()) wrong_type(owner, spec, v);
            Duration ms = 0;
            try {
                ms = time_span_ms(v);
            } catch (const InvalidInputError& e) {
                throw InvalidInputError(
                    fmt::format("{}: parameter {}: {}", owner, spec.name, e.what()));
            }
            const double d = static_cast<double>(ms);
            if (!(d >= std::max(spec.min, 0.0) && d <= spec.max))
                throw InvalidInputError(fmt::format("{}: parameter {} = {} is out of bounds {}",
                                                    owner, spec.name, v.dump(),
                                                    describe_bounds(spec)));
            return;
        }
    }
}

std::string duration_bound(double ms) {
    return format_duration(static_cast<Duration>(ms));
}

}  // namespace

std::string_view param_type_name(ParamType type) {
    return enum_name(k_types, type);
}

nlohmann::json resolve_params(std::string_view owner, std::span<const ParamSpec> specs,
                              const nlohmann::json& params) {
    if (!params.is_null() && !params.is_object())
        throw InvalidInputError(
            fmt::format("{}: parameters must be an object, got {}", owner, params.type_name()));
    nlohmann::json out = nlohmann::json::object();
    if (params.is_object())
        for (const auto& item : params.items()) {
            // Not a structured binding: clang 14 cannot capture one in the lambda below.
            const std::string& key = item.key();
            const nlohmann::json& value = item.value();
            auto it = std::find_if(specs.begin(), specs.end(),
                                   [&](const ParamSpec& s) { return s.name == key; });
            if (it == specs.end())
                throw InvalidInputError(fmt::format("{}: unknown parameter '{}' (valid: {})", owner,
                                                    key, valid_names(specs)));
            check_value(owner, *it, value);
            out[key] = value;
        }
    for (const auto& s : specs)
        if (!out.contains(s.name)) out[std::string(s.name)] = s.default_value;
    return out;
}

Duration time_span_ms(const nlohmann::json& value) {
    if (value.is_number_integer()) return value.get<Duration>();
    if (value.is_string()) return parse_duration(value.get<std::string>());
    throw InvalidInputError(
        fmt::format("expected a length of time such as \"30min\" or integer milliseconds, got {}",
                    value.dump()));
}

DurationParam DurationParam::parse(std::string_view text) {
    std::string_view t = text;
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    for (std::string_view unit : {"steps", "step"}) {
        if (t.size() <= unit.size() || t.substr(t.size() - unit.size()) != unit) continue;
        std::string_view digits = t.substr(0, t.size() - unit.size());
        while (!digits.empty() && digits.back() == ' ') digits.remove_suffix(1);
        std::int64_t n = 0;
        bool ok = !digits.empty() && digits.size() <= 12;
        for (char c : digits) {
            if (!ok || c < '0' || c > '9') {  // stop before a long number overflows n
                ok = false;
                break;
            }
            n = n * 10 + (c - '0');
        }
        if (!ok || n <= 0)
            throw InvalidInputError(
                fmt::format("'{}' is not a positive number of steps (e.g. \"60 steps\")", text));
        return {0, n};
    }
    DurationParam d;
    d.length = parse_duration(t);
    if (d.length < 0)
        throw InvalidInputError(fmt::format("duration '{}' must not be negative", text));
    return d;
}

std::string describe_bounds(const ParamSpec& spec) {
    if (spec.type == ParamType::boolean) return "";
    if (spec.type == ParamType::duration) {
        const bool lo = std::isfinite(spec.min) && spec.min > 0, hi = std::isfinite(spec.max);
        std::string range = "a duration (\"30s\", \"15min\", \"6h\") or \"N steps\"";
        if (lo && hi)
            range += fmt::format("; [{}, {}]", duration_bound(spec.min), duration_bound(spec.max));
        else if (hi)
            range += fmt::format("; <= {}", duration_bound(spec.max));
        return range;
    }
    if (spec.type == ParamType::time_span) {
        const bool lo = std::isfinite(spec.min) && spec.min > 0, hi = std::isfinite(spec.max);
        std::string range = "a length of time (\"30s\", \"15min\", \"6h\") or integer ms";
        if (lo && hi)
            range += fmt::format("; [{}, {}]", duration_bound(spec.min), duration_bound(spec.max));
        else if (lo)
            range += fmt::format("; >= {}", duration_bound(spec.min));
        else if (hi)
            range += fmt::format("; [0s, {}]", duration_bound(spec.max));
        else
            range += "; >= 0s";
        return range;
    }
    const bool lo = std::isfinite(spec.min), hi = std::isfinite(spec.max);
    std::string range;
    if (lo && hi)
        range = fmt::format("[{}, {}]", number_text(spec.min), number_text(spec.max));
    else if (lo)
        range = fmt::format(">= {}", number_text(spec.min));
    else if (hi)
        range = fmt::format("<= {}", number_text(spec.max));
    const bool list = spec.type == ParamType::string_list || spec.type == ParamType::number_list;
    if (list && !range.empty()) range = "length " + range;
    if (spec.choices.empty()) return range;
    std::string text =
        fmt::format("{}one of: {}", list ? "each " : "", fmt::join(spec.choices, ", "));
    return range.empty() ? text : text + "; " + range;
}

std::string param_table_markdown(std::span<const ParamSpec> specs) {
    std::string out =
        "| parameter | type | default | bounds | description |\n|---|---|---|---|---|\n";
    for (const auto& s : specs) {
        // A '|' in a description (|X[k]|) would end the table cell.
        std::string description;
        for (char c : s.description)
            description += c == '|' ? std::string("\\|") : std::string(1, c);
        out += fmt::format("| `{}` | {} | `{}` | {} | {} |\n", s.name, param_type_name(s.type),
                           s.default_value.dump(), describe_bounds(s), description);
    }
    return out;
}

}  // namespace heatloop
