#pragma once
/// The Classifier kind: a probability per unit (or household) and period, e.g. "this
/// household has a heat pump", from its series. Trained on units with known 0/1 targets.

#include <span>
#include <string_view>
#include <vector>

#include "heatloop/models/model.hpp"

namespace heatloop::models {

/// The probability of the positive class over [start, end) of a unit.
struct PeriodProbability {
    Timestamp start = 0;
    Timestamp end = 0;
    double probability = 0.0;  ///< in [0, 1]; NaN where the period has too little data
};

/// Base of every classifier; registry.cpp lists them.
class Classifier : public Model {
public:
    /// Learn from units and their targets (targets[i] in {0, 1} for units[i]); sets context().
    /// Throws InvalidInputError for no units, a target count that differs from the unit
    /// count, a target other than 0 or 1, or targets of only one class.
    void fit(std::span<const UnitFrame> units, std::span<const double> targets,
             const ModelContext& ctx);

    /// A probability per period of `unit` (periods as the model's parameters define them),
    /// in time order. Throws InvalidInputError before fit()/load() and for a frame without a
    /// grid or a channel the model needs.
    std::vector<PeriodProbability> predict(const UnitFrame& unit) const;

protected:
    Classifier(std::string_view name, std::span<const ParamSpec> specs)
        : Model(name, ModelKind::classifier, specs) {}

    /// Fit; sizes match, targets are 0/1 with both classes present.
    virtual void do_fit(std::span<const UnitFrame> units, std::span<const double> targets,
                        const ModelContext& ctx) = 0;
    /// Classify a unit with a regular grid; called only when fitted.
    virtual std::vector<PeriodProbability> do_predict(const UnitFrame& unit) const = 0;
};

}  // namespace heatloop::models
