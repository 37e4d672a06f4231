#pragma once
/// Resolving an alarm policy's threshold from the training scores.

#include <span>

#include "heatloop/alarms/policy.hpp"

namespace heatloop::alarms {

/// The score threshold of `policy` (a sample is flagged when its score is > threshold):
/// - fixed: the value itself (training scores unused);
/// - quantile q: numpy.quantile(training, q) over the finite training scores;
/// - contamination c: numpy.quantile(training, 1 - c), so that about a share c of the
///   training scores lies strictly above it (exactly c*n of n distinct scores when c*n is a
///   whole number), as PyOD and scikit-learn's contamination do;
/// - k_sigma k: mean + k * std (population std) of the finite training scores.
/// Throws InvalidInputError for an invalid policy, or when a method that needs training
/// scores gets no finite one.
double resolve_threshold(const AlarmPolicy& policy, std::span<const double> training_scores);

}  // namespace heatloop::alarms
