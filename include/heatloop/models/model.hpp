#pragma once
/// The base every model shares, whatever its kind (DESIGN.md "Models"): a declared parameter
/// table, fit, and save/load as a versioned document {format_version, model, kind, params,
/// state}, plus a binary side file where a model's weights need one. The kinds
/// (detector.hpp, forecaster.hpp, classifier.hpp, disaggregator.hpp) add what they fit on and
/// what they produce.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "heatloop/core/frame.hpp"
#include "heatloop/models/param.hpp"

namespace heatloop::models {

/// What a model is for.
enum class ModelKind {
    detector,       ///< a score per timestamp (higher = more anomalous)
    forecaster,     ///< a target channel one step or a horizon of steps ahead
    classifier,     ///< a probability per unit (or household) and period
    disaggregator,  ///< a component series (e.g. the heat pump's load) from a total
};

/// "detector", "forecaster", "classifier" or "disaggregator".
std::string_view kind_name(ModelKind kind);
/// The kind of that name; throws InvalidInputError listing the valid names.
ModelKind parse_kind(std::string_view name);
/// Every kind, in declaration order.
std::span<const ModelKind> model_kinds() noexcept;

/// What a component gets instead of globals.
struct ModelContext {
    std::uint64_t seed = 0;  ///< every random choice derives from this
    int threads = 1;         ///< worker threads a model may use (>= 1)
};

/// Base of every model. Derived classes declare `static constexpr std::string_view k_name`,
/// `k_summary` and `static std::span<const ParamSpec> param_specs()`, derive from one kind
/// (Detector, Forecaster, ...) and implement its hooks; registry.cpp lists them.
class Model {
public:
    /// Version of the document save() writes and load() reads.
    static constexpr int k_format_version = 1;

    virtual ~Model() = default;
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    /// The registered name ("isolation_forest", ...).
    std::string_view name() const noexcept { return name_; }
    /// What kind of model this is.
    ModelKind kind() const noexcept { return kind_; }
    /// The parameter table this model was declared with.
    std::span<const ParamSpec> param_specs() const noexcept { return specs_; }
    /// The complete parameter set in force (defaults filled in).
    const nlohmann::json& params() const noexcept { return params_; }
    /// True once fit() or load() succeeded (configure() clears it).
    bool fitted() const noexcept { return fitted_; }
    /// The context of the last fit() or set_context(): seed, and the threads it may use.
    const ModelContext& context() const noexcept { return ctx_; }
    /// Set the context predictions run with (e.g. after load()); throws InvalidInputError for
    /// threads < 1.
    void set_context(const ModelContext& ctx);

    /// Set hyperparameters (object of name -> value; missing ones take their defaults).
    /// Throws InvalidInputError for an unknown key (listing the valid ones), a wrong type or a
    /// value out of bounds; the model is then unchanged. Clears any fitted state.
    void configure(const nlohmann::json& params);

    /// {"format_version":1,"model":name,"kind":kind,"params":{...},"state":{...}}; throws
    /// InvalidInputError before fit().
    nlohmann::json save() const;
    /// The binary side file that goes with save()'s document (weights); empty when the model
    /// keeps everything in the document. Throws InvalidInputError before fit().
    std::string save_side_file() const;
    /// Restore from a save() document of the same model (and its side file, when it has one).
    /// Documents without "kind" (written before kinds existed) are read as this model's kind.
    /// Throws InvalidInputError for another model or kind, another format version, or a
    /// malformed params/state/side file.
    void load(const nlohmann::json& doc, std::string_view side_file = {});

    /// Every duration parameter's length on a grid of `step` (see param.hpp's duration type):
    /// throws InvalidInputError naming the model, parameter, unit and both lengths when a
    /// duration is not a whole number of steps or `rows_available` cannot hold it.
    void check_durations(const UnitFrame& unit, std::size_t rows_available) const;

protected:
    Model(std::string_view name, ModelKind kind, std::span<const ParamSpec> specs);

    /// Checks training units (non-empty, each with rows on a regular grid) and sets context();
    /// the kinds call it before their fit hook. Clears fitted().
    void begin_fit(std::span<const UnitFrame> units, const ModelContext& ctx);
    /// Marks the model fitted; the kinds call it after their fit hook returned.
    void end_fit() noexcept { fitted_ = true; }
    /// Throws InvalidInputError before fit()/load() or for a frame without a regular grid.
    void check_predictable(const UnitFrame& unit) const;
    /// A duration parameter's length in rows of `unit`'s grid (see param.hpp).
    std::size_t duration_rows(std::string_view param, const UnitFrame& unit) const;

    /// Read the validated, complete parameter object into typed members. May throw
    /// InvalidInputError for cross-parameter constraints.
    virtual void apply_params(const nlohmann::json& params) = 0;
    /// The learned state as JSON.
    virtual nlohmann::json save_state() const = 0;
    /// Restore the learned state; throw InvalidInputError when malformed.
    virtual void load_state(const nlohmann::json& state) = 0;
    /// Whether a unit must hold duration parameter `name`'s length in rows (a window the model
    /// fills with data; check_durations() holds it against each unit). False for a length the
    /// model only compares against or uses as far as the data goes (a lookback history, a
    /// minimum time), and for one the current settings leave unused. Default: true.
    virtual bool needs_rows(std::string_view /*name*/) const { return true; }
    /// Weights that do not belong in JSON; default: none.
    virtual std::string save_binary() const { return {}; }
    /// Restore what save_binary() wrote (called after load_state); default: nothing.
    virtual void load_binary(std::string_view /*bytes*/) {}

private:
    std::string_view name_;
    ModelKind kind_;
    std::span<const ParamSpec> specs_;
    nlohmann::json params_;
    ModelContext ctx_{};
    bool fitted_ = false;
};

}  // namespace heatloop::models
