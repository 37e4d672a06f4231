#include "heatloop/models/model.hpp"

#include <fmt/format.h>

#include <array>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::models {

namespace {

constexpr std::array k_kind_names{std::pair{ModelKind::detector, "detector"},
                                  std::pair{ModelKind::forecaster, "forecaster"},
                                  std::pair{ModelKind::classifier, "classifier"},
                                  std::pair{ModelKind::disaggregator, "disaggregator"}};
constexpr std::array k_kinds{ModelKind::detector, ModelKind::forecaster, ModelKind::classifier,
                             ModelKind::disaggregator};

}  // namespace

std::string_view kind_name(ModelKind kind) {
    return enum_name(k_kind_names, kind);
}

ModelKind parse_kind(std::string_view name) {
    return parse_enum(k_kind_names, name, "model kind");
}

std::span<const ModelKind> model_kinds() noexcept {
    return k_kinds;
}

Model::Model(std::string_view name, ModelKind kind, std::span<const ParamSpec> specs)
    : name_(name), kind_(kind), specs_(specs) {}

void Model::configure(const nlohmann::json& params) {
    nlohmann::json resolved = resolve_params(name_, specs_, params);
    apply_params(resolved);
    params_ = std::move(resolved);
    fitted_ = false;
}

void Model::set_context(const ModelContext& ctx) {
    if (ctx.threads < 1)
        throw InvalidInputError(
            fmt::format("{}: threads must be >= 1, got {}", name_, ctx.threads));
    ctx_ = ctx;
}

void Model::begin_fit(std::span<const UnitFrame> units, const ModelContext& ctx) {
    if (units.empty())
        throw InvalidInputError(fmt::format("{}: fit needs at least one unit", name_));
    set_context(ctx);
    for (const auto& u : units) {
        if (u.step() <= 0 || u.rows() == 0)
            throw InvalidInputError(fmt::format(
                "{}: training unit {} is empty or has no regular time grid (resample it first)",
                name_, u.unit_id()));
        check_durations(u, u.rows());
    }
    fitted_ = false;
}

void Model::check_predictable(const UnitFrame& unit) const {
    if (!fitted_)
        throw InvalidInputError(
            fmt::format("{}: prediction before fit (fit or load the model first)", name_));
    if (unit.step() <= 0)
        throw InvalidInputError(fmt::format(
            "{}: unit {} has no regular time grid (resample it first)", name_, unit.unit_id()));
}

std::size_t Model::duration_rows(std::string_view param, const UnitFrame& unit) const {
    const auto text = params_.at(std::string(param)).get<std::string>();
    const DurationParam d = DurationParam::parse(text);
    const Duration step = unit.step();
    if (step <= 0)
        throw InvalidInputError(
            fmt::format("{}: unit {} has no regular time grid", name_, unit.unit_id()));
    const Duration length = d.on_grid(step);
    if (length < step)
        throw InvalidInputError(fmt::format(
            "{}: parameter {} = {} is shorter than unit {}'s {} step: give at least {} (or \"1 "
            "step\")",
            name_, param, text, unit.unit_id(), format_duration(step), format_duration(step)));
    if (length % step != 0)
        throw InvalidInputError(fmt::format(
            "{}: parameter {} = {} is not a whole number of unit {}'s {} steps (nearest: {} or {})",
            name_, param, text, unit.unit_id(), format_duration(step),
            format_duration(length / step * step), format_duration((length / step + 1) * step)));
    return static_cast<std::size_t>(length / step);
}

void Model::check_durations(const UnitFrame& unit, std::size_t rows_available) const {
    for (const ParamSpec& spec : specs_) {
        if (spec.type != ParamType::duration || !needs_rows(spec.name)) continue;
        const std::size_t rows = duration_rows(spec.name, unit);
        if (rows <= rows_available) continue;
        const Duration step = unit.step();
        throw InvalidInputError(fmt::format(
            "{}: parameter {} = {} spans {} rows ({}) of unit {}'s {} grid, but the unit has {} "
            "rows ({}): {} too long; shorten it or give it in steps (\"{} steps\")",
            name_, spec.name, params_.at(std::string(spec.name)).get<std::string>(), rows,
            format_duration(static_cast<Duration>(rows) * step), unit.unit_id(),
            format_duration(step), rows_available,
            format_duration(static_cast<Duration>(rows_available) * step),
            format_duration(static_cast<Duration>(rows - rows_available) * step),
            std::max<std::size_t>(1, rows_available / 4)));
    }
}

nlohmann::json Model::save() const {
    if (!fitted_) throw InvalidInputError(fmt::format("{}: nothing to save before fit", name_));
    return {{"format_version", k_format_version},
            {"model", name_},
            {"kind", kind_name(kind_)},
            {"params", params_},
            {"state", save_state()}};
}

std::string Model::save_side_file() const {
    if (!fitted_) throw InvalidInputError(fmt::format("{}: nothing to save before fit", name_));
    return save_binary();
}

void Model::load(const nlohmann::json& doc, std::string_view side_file) {
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
    auto kind = doc.find("kind");
    if (kind != doc.end() && (!kind->is_string() || kind->get<std::string>() != kind_name(kind_)))
        throw InvalidInputError(fmt::format("{} model document: kind is {}, expected \"{}\"", name_,
                                            kind->dump(), kind_name(kind_)));
    auto state = doc.find("state");
    if (state == doc.end())
        throw InvalidInputError(fmt::format("{} model document: missing state", name_));
    configure(doc.contains("params") ? doc.at("params") : nlohmann::json());
    try {
        load_state(*state);
        load_binary(side_file);
    } catch (const nlohmann::json::exception& e) {
        // A hand-edited or truncated state surfaces as a json type/out_of_range error.
        throw InvalidInputError(
            fmt::format("{} model document: malformed state: {}", name_, e.what()));
    }
    fitted_ = true;
}

}  // namespace heatloop::models
