#include "heatloop/eval/options.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
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

constexpr std::string_view k_owner = "evaluation options";

std::vector<ParamSpec> make_specs() {
    return {
        {.name = "confidence_floor",
         .type = ParamType::number,
         .default_value = 0.5,
         .min = 0,
         .max = 1,
         .description = "confirmed labels with a lower confidence are ignore regions, not "
                        "ground truth"},
        {.name = "tolerance",
         .type = ParamType::time_span,
         .default_value = "0s",
         .description = "an alarm up to this long after a label's end still detects it"},
        {.name = "deadline",
         .type = ParamType::time_span,
         .default_value = "6h",
         .description = "\"detected within deadline\" counts labels detected with a delay at most "
                        "this"},
        {.name = "range.alpha",
         .type = ParamType::number,
         .default_value = 0.0,
         .min = 0,
         .max = 1,
         .description = "range-based recall: weight of the existence reward"},
        {.name = "range.bias",
         .type = ParamType::string,
         .default_value = "flat",
         .choices = {bias_name(Bias::flat), bias_name(Bias::front), bias_name(Bias::back),
                     bias_name(Bias::middle)},
         .description = "range-based precision and recall: which part of a range counts most"},
        {.name = "range.cardinality",
         .type = ParamType::string,
         .default_value = "reciprocal",
         .choices = {cardinality_name(Cardinality::one), cardinality_name(Cardinality::reciprocal)},
         .description = "range-based cardinality factor: one ignores fragmentation, reciprocal "
                        "is 1 / (number of overlapping ranges)"},
        {.name = "temperature_edges",
         .type = ParamType::number_list,
         .default_value = {-5.0, 5.0, 15.0},
         .description = "outdoor-temperature band edges in degrees C, increasing: bands "
                        "(-inf, e0), [e0, e1), ..., [e_last, inf)"},
        {.name = "categories",
         .type = ParamType::string_list,
         .default_value = nlohmann::json::array(),
         .min = 0,
         .max = 256,
         .description = "label categories evaluated and kept out of training; [] = every "
                        "category except events of normal use (shower_event)"},
    };
}

// The table names the range settings "range.alpha" etc., so one resolve_params call checks
// them all; their JSON (and TOML) nests them under "range".
nlohmann::json flatten_range(const nlohmann::json& j) {
    if (!j.is_object())
        throw InvalidInputError(fmt::format("{}: expected an object, got {}", k_owner, j.dump()));
    nlohmann::json flat = nlohmann::json::object();
    for (const auto& [key, value] : j.items()) {
        if (key.find('.') != std::string::npos)
            throw InvalidInputError(fmt::format(
                "{}: key '{}': write range settings nested, as {{\"range\": {{\"alpha\": ...}}}}",
                k_owner, key));
        if (key != "range") {
            flat[key] = value;
            continue;
        }
        if (!value.is_object())
            throw InvalidInputError(
                fmt::format("{}: range must be an object of alpha, bias, cardinality, got {}",
                            k_owner, value.dump()));
        for (const auto& [k, v] : value.items()) flat["range." + k] = v;
    }
    return flat;
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

std::span<const std::string_view> event_categories() noexcept {
    static constexpr std::array<std::string_view, 1> k_events{"shower_event"};
    return k_events;
}

bool evaluates_category(const EvalOptions& options, std::string_view category) {
    if (!options.categories.empty())
        return std::find(options.categories.begin(), options.categories.end(), category) !=
               options.categories.end();
    const auto events = event_categories();
    return std::find(events.begin(), events.end(), category) == events.end();
}

nlohmann::json to_json(const EvalOptions& o) {
    return {{"confidence_floor", o.confidence_floor},
            {"tolerance", format_duration(o.tolerance)},
            {"deadline", format_duration(o.deadline)},
            {"range",
             {{"alpha", o.range.alpha},
              {"bias", std::string(bias_name(o.range.bias))},
              {"cardinality", std::string(cardinality_name(o.range.cardinality))}}},
            {"temperature_edges", o.temperature_edges},
            {"categories", o.categories}};
}

std::span<const ParamSpec> option_param_specs() {
    static const std::vector<ParamSpec> specs = make_specs();
    return specs;
}

EvalOptions options_from_json(const nlohmann::json& j) {
    const nlohmann::json r = resolve_params(k_owner, option_param_specs(), flatten_range(j));
    EvalOptions o;
    o.confidence_floor = r["confidence_floor"].get<double>();
    o.tolerance = time_span_ms(r["tolerance"]);
    o.deadline = time_span_ms(r["deadline"]);
    o.range.alpha = r["range.alpha"].get<double>();
    o.range.bias = parse_bias(r["range.bias"].get<std::string>());
    o.range.cardinality = parse_cardinality(r["range.cardinality"].get<std::string>());
    o.temperature_edges = r["temperature_edges"].get<std::vector<double>>();
    o.categories = r["categories"].get<std::vector<std::string>>();
    validate(o);  // edges must increase: no table bound says that
    return o;
}

}  // namespace heatloop::eval
