#include "heatloop/eval/options.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::eval {

namespace {

constexpr std::array k_biases{std::pair{Bias::flat, "flat"}, std::pair{Bias::front, "front"},
                              std::pair{Bias::back, "back"}, std::pair{Bias::middle, "middle"}};
constexpr std::array k_cardinalities{std::pair{Cardinality::one, "one"},
                                     std::pair{Cardinality::reciprocal, "reciprocal"}};

void reject_unknown(const nlohmann::json& j, std::initializer_list<std::string_view> keys,
                    std::string_view where) {
    if (!j.is_object())
        throw InvalidInputError(fmt::format("{}: expected an object, got {}", where, j.dump()));
    for (const auto& [key, _] : j.items()) {
        bool known = false;
        for (auto k : keys) known = known || k == key;
        if (!known)
            throw InvalidInputError(
                fmt::format("{}: unknown key '{}' (valid: {})", where, key, fmt::join(keys, ", ")));
    }
}

double number(const nlohmann::json& v, std::string_view key) {
    if (!v.is_number())
        throw InvalidInputError(
            fmt::format("evaluation options: {} must be a number, got {}", key, v.dump()));
    return v.get<double>();
}

std::string text(const nlohmann::json& v, std::string_view key) {
    if (!v.is_string())
        throw InvalidInputError(
            fmt::format("evaluation options: {} must be text, got {}", key, v.dump()));
    return v.get<std::string>();
}

Duration duration(const nlohmann::json& v, std::string_view key) {
    if (v.is_number_integer()) return v.get<Duration>();
    return parse_duration(text(v, key));
}

}  // namespace

std::string_view bias_name(Bias b) {
    return enum_name(k_biases, b);
}

Bias parse_bias(std::string_view name) {
    return parse_enum(k_biases, name, "positional bias");
}

std::string_view cardinality_name(Cardinality c) {
    return enum_name(k_cardinalities, c);
}

Cardinality parse_cardinality(std::string_view name) {
    return parse_enum(k_cardinalities, name, "cardinality");
}

void validate(const EvalOptions& o) {
    if (!(o.confidence_floor >= 0.0 && o.confidence_floor <= 1.0))
        throw InvalidInputError(fmt::format(
            "evaluation options: confidence_floor must be in [0, 1], got {}", o.confidence_floor));
    if (o.tolerance < 0)
        throw InvalidInputError(fmt::format(
            "evaluation options: tolerance must not be negative, got {} ms", o.tolerance));
    if (o.deadline < 0)
        throw InvalidInputError(fmt::format(
            "evaluation options: deadline must not be negative, got {} ms", o.deadline));
    if (!(o.range.alpha >= 0.0 && o.range.alpha <= 1.0))
        throw InvalidInputError(fmt::format(
            "evaluation options: range alpha must be in [0, 1], got {}", o.range.alpha));
    for (std::size_t i = 0; i < o.temperature_edges.size(); ++i)
        if (!std::isfinite(o.temperature_edges[i]) ||
            (i > 0 && o.temperature_edges[i] <= o.temperature_edges[i - 1]))
            throw InvalidInputError(fmt::format(
                "evaluation options: temperature_edges must be finite and increasing, got [{}]",
                fmt::join(o.temperature_edges, ", ")));
}

nlohmann::json to_json(const EvalOptions& o) {
    return {{"confidence_floor", o.confidence_floor},
            {"tolerance", format_duration(o.tolerance)},
            {"deadline", format_duration(o.deadline)},
            {"range",
             {{"alpha", o.range.alpha},
              {"bias", std::string(bias_name(o.range.bias))},
              {"cardinality", std::string(cardinality_name(o.range.cardinality))}}},
            {"temperature_edges", o.temperature_edges}};
}

EvalOptions options_from_json(const nlohmann::json& j) {
    reject_unknown(j, {"confidence_floor", "tolerance", "deadline", "range", "temperature_edges"},
                   "evaluation options");
    EvalOptions o;
    if (j.contains("confidence_floor"))
        o.confidence_floor = number(j["confidence_floor"], "confidence_floor");
    if (j.contains("tolerance")) o.tolerance = duration(j["tolerance"], "tolerance");
    if (j.contains("deadline")) o.deadline = duration(j["deadline"], "deadline");
    if (j.contains("range")) {
        const auto& r = j["range"];
        reject_unknown(r, {"alpha", "bias", "cardinality"}, "evaluation options: range");
        if (r.contains("alpha")) o.range.alpha = number(r["alpha"], "range.alpha");
        if (r.contains("bias")) o.range.bias = parse_bias(text(r["bias"], "range.bias"));
        if (r.contains("cardinality"))
            o.range.cardinality = parse_cardinality(text(r["cardinality"], "range.cardinality"));
    }
    if (j.contains("temperature_edges")) {
        const auto& e = j["temperature_edges"];
        if (!e.is_array())
            throw InvalidInputError("evaluation options: temperature_edges must be a list");
        o.temperature_edges.clear();
        for (const auto& v : e) o.temperature_edges.push_back(number(v, "temperature_edges"));
    }
    validate(o);
    return o;
}

}  // namespace heatloop::eval
