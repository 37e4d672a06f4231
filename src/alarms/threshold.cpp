#include "heatloop/alarms/threshold.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "heatloop/core/quantile.hpp"

namespace heatloop::alarms {

double resolve_threshold(const AlarmPolicy& policy, std::span<const double> training) {
    validate(policy);
    if (policy.method == ThresholdMethod::fixed) return policy.value;
    const std::vector<double> finite = finite_values(training);
    if (finite.empty())
        throw InvalidInputError(fmt::format(
            "alarm policy {}: no finite training score to derive the threshold from ({} given)",
            method_name(policy.method), training.size()));
    switch (policy.method) {
        case ThresholdMethod::quantile:
            return quantile(finite, policy.value);
        case ThresholdMethod::contamination:
            return quantile(finite, 1.0 - policy.value);
        case ThresholdMethod::k_sigma:
            return mean(finite) + policy.value * stddev(finite);
        case ThresholdMethod::fixed:
            break;
    }
    return policy.value;
}

}  // namespace heatloop::alarms
