#pragma once
/// The Detector interface: a model that scores each timestamp of a unit (higher = more
/// anomalous, NaN where not scored). configure -> fit (or load) -> score; save/load as a
/// versioned JSON document {format_version, model, params, state}.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/models/param.hpp"

namespace heatloop::models {

/// What a component gets instead of globals.
struct ModelContext {
    std::uint64_t seed = 0;  ///< every random choice derives from this
    int threads = 1;         ///< worker threads a model may use (>= 1)
};

/// Base of every detector. Derived classes declare `static constexpr std::string_view k_name`,
/// `k_summary` and `static std::span<const ParamSpec> param_specs()`, and implement the
/// protected hooks; the registry (registry.hpp) lists them.
class Detector {
public:
    /// Version of the document save() writes and load() reads.
    static constexpr int k_format_version = 1;

    virtual ~Detector() = default;
    Detector(const Detector&) = delete;
    Detector& operator=(const Detector&) = delete;

    /// The registered name ("isolation_forest", ...).
    std::string_view name() const noexcept { return name_; }
    /// The parameter table this detector was declared with.
    std::span<const ParamSpec> param_specs() const noexcept { return specs_; }
    /// The complete parameter set in force (defaults filled in).
    const nlohmann::json& params() const noexcept { return params_; }
    /// True once fit() or load() succeeded (configure() clears it).
    bool fitted() const noexcept { return fitted_; }
    /// The context of the last fit() or set_context(): seed, and the threads score() may use.
    const ModelContext& context() const noexcept { return ctx_; }
    /// Set the context score() runs with (e.g. after load()); throws InvalidInputError for
    /// threads < 1.
    void set_context(const ModelContext& ctx);

    /// Set hyperparameters (object of name -> value; missing ones take their defaults).
    /// Throws InvalidInputError for an unknown key (listing the valid ones), a wrong type or a
    /// value out of bounds; the detector is then unchanged. Clears any fitted state.
    void configure(const nlohmann::json& params);

    /// Learn from normal operation of one or more units (regular grid, NaN = missing); also
    /// sets context(). Throws InvalidInputError for no units, a unit without a regular grid,
    /// or data the model cannot learn from, naming the unit.
    void fit(std::span<const UnitFrame> units, const ModelContext& ctx);

    /// One score per row of `unit`, aligned with unit.time(). Throws InvalidInputError before
    /// fit()/load() and for a frame without a regular grid or a required channel.
    std::vector<double> score(const UnitFrame& unit) const;

    /// {"format_version":1,"model":name,"params":{...},"state":{...}}; throws InvalidInputError
    /// before fit().
    nlohmann::json save() const;
    /// Restore from a save() document of the same model. Throws InvalidInputError for another
    /// model, another format version, or a malformed params/state.
    void load(const nlohmann::json& doc);

protected:
    Detector(std::string_view name, std::span<const ParamSpec> specs);

    /// Read the validated, complete parameter object into typed members. May throw
    /// InvalidInputError for cross-parameter constraints.
    virtual void apply_params(const nlohmann::json& params) = 0;
    /// Fit; `units` is non-empty.
    virtual void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) = 0;
    /// Score a unit with a regular grid; called only when fitted.
    virtual std::vector<double> do_score(const UnitFrame& unit) const = 0;
    /// The learned state as JSON.
    virtual nlohmann::json save_state() const = 0;
    /// Restore the learned state; throw InvalidInputError when malformed.
    virtual void load_state(const nlohmann::json& state) = 0;

private:
    std::string_view name_;
    std::span<const ParamSpec> specs_;
    nlohmann::json params_;
    ModelContext ctx_{};
    bool fitted_ = false;
};

}  // namespace heatloop::models
