#include "heatloop/models/detector.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"

namespace heatloop::models {

Detector::Detector(std::string_view name, std::span<const ParamSpec> specs)
    : name_(name), specs_(specs) {}

void Detector::configure(const nlohmann::json& params) {
    nlohmann::json resolved = resolve_params(name_, specs_, params);
    apply_params(resolved);
    params_ = std::move(resolved);
    fitted_ = false;
}

void Detector::set_context(const ModelContext& ctx) {
    if (ctx.threads < 1)
        throw InvalidInputError(
            fmt::format("{}: threads must be >= 1, got {}", name_, ctx.threads));
    ctx_ = ctx;
}

void Detector::fit(std::span<const UnitFrame> units, const ModelContext& ctx) {
    if (units.empty())
        throw InvalidInputError(fmt::format("{}: fit needs at least one unit", name_));
    set_context(ctx);
    for (const auto& u : units)
        if (u.step() <= 0 || u.rows() == 0)
            throw InvalidInputError(fmt::format(
                "{}: training unit {} is empty or has no regular time grid (resample it first)",
                name_, u.unit_id()));
    fitted_ = false;
    do_fit(units, ctx);
    fitted_ = true;
}

std::vector<double> Detector::score(const UnitFrame& unit) const {
    if (!fitted_)
        throw InvalidInputError(
            fmt::format("{}: score before fit (fit or load the model first)", name_));
    if (unit.step() <= 0)
        throw InvalidInputError(fmt::format(
            "{}: unit {} has no regular time grid (resample it first)", name_, unit.unit_id()));
    std::vector<double> out = do_score(unit);
    if (out.size() != unit.rows())
        throw InternalError(fmt::format("{}: scored {} rows of unit {} with {} rows", name_,
                                        out.size(), unit.unit_id(), unit.rows()));
    return out;
}

nlohmann::json Detector::save() const {
    if (!fitted_) throw InvalidInputError(fmt::format("{}: nothing to save before fit", name_));
    return {{"format_version", k_format_version},
            {"model", name_},
            {"params", params_},
            {"state", save_state()}};
}

void Detector::load(const nlohmann::json& doc) {
    if (!doc.is_object())
        throw InvalidInputError(fmt::format("{} model document: expected a JSON object", name_));
    auto version = doc.find("format_version");
    if (version == doc.end() || !version->is_number_integer())
        throw InvalidInputError(
            fmt::format("{} model document: missing integer format_version", name_));
    if (version->get<long long>() != k_format_version)
        throw InvalidInputError(fmt::format(
            "{} model document: format_version {} is not supported (this build reads {})", name_,
            version->get<long long>(), k_format_version));
    auto model = doc.find("model");
    if (model == doc.end() || !model->is_string() || model->get<std::string>() != name_)
        throw InvalidInputError(fmt::format("{} model document: model is {}, expected \"{}\"",
                                            name_, model == doc.end() ? "missing" : model->dump(),
                                            name_));
    auto state = doc.find("state");
    if (state == doc.end())
        throw InvalidInputError(fmt::format("{} model document: missing state", name_));
    configure(doc.contains("params") ? doc.at("params") : nlohmann::json());
    try {
        load_state(*state);
    } catch (const nlohmann::json::exception& e) {
        // A hand-edited or truncated state surfaces as a json type/out_of_range error.
        throw InvalidInputError(
            fmt::format("{} model document: malformed state: {}", name_, e.what()));
    }
    fitted_ = true;
}

}  // namespace heatloop::models
