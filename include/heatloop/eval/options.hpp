#pragma once
/// Settings of an evaluation (DESIGN.md "Evaluation"), with JSON round trip so a run can
/// record exactly how it was evaluated.

#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/param.hpp"
#include "heatloop/core/time.hpp"

namespace heatloop::eval {

/// Positional bias of range-based precision/recall (Tatbul et al. 2018).
enum class Bias { flat, front, back, middle };
/// Cardinality factor gamma: `one` ignores fragmentation, `reciprocal` is 1/(number of
/// overlapping ranges) when more than one overlaps.
enum class Cardinality { one, reciprocal };

std::string_view bias_name(Bias b);
Bias parse_bias(std::string_view name);  ///< throws InvalidInputError listing valid names
std::string_view cardinality_name(Cardinality c);
Cardinality parse_cardinality(std::string_view name);  ///< throws InvalidInputError

/// Range-based precision/recall settings.
struct RangeOptions {
    double alpha = 0.0;  ///< weight of the existence reward in recall, [0, 1]
    Bias bias = Bias::flat;
    Cardinality cardinality = Cardinality::reciprocal;
    bool operator==(const RangeOptions&) const = default;
};

/// Evaluation settings.
struct EvalOptions {
    double confidence_floor = 0.5;      ///< confirmed labels below it are ignore regions
    Duration tolerance = 0;             ///< an alarm up to this long after a label's end detects it
    Duration deadline = 6 * k_hour_ms;  ///< "detected within deadline" (delay <= deadline)
    RangeOptions range{};
    /// Outdoor-temperature band edges in degrees C, increasing: bands (-inf, e0), [e0, e1),
    /// ..., [e_last, inf).
    std::vector<double> temperature_edges{-5.0, 5.0, 15.0};
    /// Label categories evaluated (and kept out of training); empty = every category except
    /// the event categories (event_categories(): showers are normal use, not faults).
    std::vector<std::string> categories{};
    bool operator==(const EvalOptions&) const = default;
};

/// Categories whose labels mark events of normal use (shower_event), not faults: left out of
/// an evaluation, and not masked out of training, unless `categories` names them.
std::span<const std::string_view> event_categories() noexcept;

/// Whether labels of `category` count in an evaluation with these options: listed in
/// `categories`, or, when that is empty, not an event category.
bool evaluates_category(const EvalOptions& options, std::string_view category);

/// The labels of `labels` whose category the options evaluate, in order.
template <class Label>
std::vector<Label> labels_evaluated(std::span<const Label> labels, const EvalOptions& options) {
    std::vector<Label> out;
    for (const Label& l : labels)
        if (evaluates_category(options, l.category)) out.push_back(l);
    return out;
}

/// The evaluation settings, declared once (name, type, default, bounds, description):
/// options_from_json validates by them, docs/evaluation.md shows them. The range settings
/// are named "range.alpha", "range.bias", "range.cardinality"; their JSON nests them under
/// "range".
std::span<const ParamSpec> option_param_specs();

/// Throws InvalidInputError naming the setting for a floor outside [0, 1], a negative
/// tolerance or deadline, alpha outside [0, 1] or edges that do not increase.
void validate(const EvalOptions& options);

/// {"confidence_floor", "tolerance": "0s", "deadline": "6h", "range": {"alpha", "bias",
///  "cardinality"}, "temperature_edges": [...]}
nlohmann::json to_json(const EvalOptions& options);
/// The options of a JSON object, checked against option_param_specs(); missing keys keep
/// their defaults. Durations are text ("6h") or integer milliseconds. Throws
/// InvalidInputError for an unknown key (listing the valid ones), a wrong type, a value out
/// of its bounds, or temperature edges that do not increase.
EvalOptions options_from_json(const nlohmann::json& j);

}  // namespace heatloop::eval
