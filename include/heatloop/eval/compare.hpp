#pragma once
/// Paired comparison of two runs on one metric, unit by unit (DESIGN.md "Evaluation"):
/// per-unit deltas, units improved / worse / unchanged, the Wilcoxon signed-rank p-value and
/// a seeded bootstrap confidence interval of the mean delta.

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/eval/evaluate.hpp"
#include "heatloop/eval/wilcoxon.hpp"

namespace heatloop::eval {

/// Comparison settings.
struct CompareOptions {
    std::uint64_t seed = 0;                  ///< bootstrap seed (same seed, same interval)
    std::size_t bootstrap_samples = 10'000;  ///< resamples of the deltas
    double confidence = 0.95;                ///< level of the percentile interval
};

/// One unit's values in both runs.
struct UnitDelta {
    std::string unit_id;
    double baseline = 0.0;
    double candidate = 0.0;
    double delta = 0.0;  ///< candidate - baseline
};

/// The comparison of a candidate run against a baseline run.
struct PairedComparison {
    std::string metric;
    bool higher_is_better = true;
    std::vector<UnitDelta> deltas;  ///< units with a finite value in both runs, by unit id
    std::size_t improved = 0, worse = 0, unchanged = 0;
    std::size_t only_in_baseline = 0, only_in_candidate = 0;
    std::size_t undefined = 0;  ///< units in both runs with NaN in either
    double mean_delta = 0.0;    ///< NaN without deltas
    double median_delta = 0.0;
    WilcoxonResult wilcoxon;
    double ci_low = 0.0, ci_high = 0.0;  ///< bootstrap percentile interval of the mean delta
    CompareOptions options;
};

/// Compares per-unit values of one metric. A unit improved when its delta is > 0 for a
/// higher-is-better metric (< 0 otherwise), worse for the opposite sign, unchanged at 0.
/// The bootstrap draws bootstrap_samples resamples (with replacement, std::mt19937_64 seeded
/// with `seed`) of the deltas and takes numpy-quantile percentiles of their means. Throws
/// InvalidInputError for confidence outside (0, 1) or zero bootstrap samples.
PairedComparison compare_paired(std::string_view metric, bool higher_is_better,
                                const std::map<std::string, double>& baseline,
                                const std::map<std::string, double>& candidate,
                                const CompareOptions& options = {});

/// The per-unit values of `metric` in an evaluation result.
std::map<std::string, double> per_unit_metric(const EvaluationResult& result,
                                              std::string_view metric);

/// The per-unit values of `metric` in the JSON of an evaluation result (to_json of
/// EvaluationResult, as runs store it); null reads as NaN. Throws InvalidInputError for an
/// unknown metric or a document without "units".
std::map<std::string, double> per_unit_metric(const nlohmann::json& result,
                                              std::string_view metric);

/// compare_paired on `metric` (direction from metric_fields()) of two evaluation results.
PairedComparison compare_runs(const EvaluationResult& baseline, const EvaluationResult& candidate,
                              std::string_view metric, const CompareOptions& options = {});

}  // namespace heatloop::eval
