#pragma once
/// Two stored runs of one kind compared unit by unit on one metric (`heatloop runs compare`,
/// the Python package's compare()): detector runs re-evaluated against one label revision,
/// the other kinds by the per-unit metrics of their stored evaluations.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "heatloop/eval/compare.hpp"
#include "heatloop/models/model.hpp"
#include "heatloop/runner/runner.hpp"

namespace heatloop::runner {

/// A paired comparison of two runs and what it was made against.
struct RunComparison {
    std::string baseline_run, candidate_run;  ///< full ids
    models::ModelKind kind = models::ModelKind::detector;
    std::optional<std::int64_t> label_revision;  ///< detector runs: the revision evaluated at
    eval::PairedComparison comparison;
};

/// Compares `candidate` against `baseline` (ids or unique prefixes) on `metric`, detector runs
/// at label `revision` (nullopt = the latest; nothing is recorded). InvalidInputError for runs
/// of different kinds or an unknown metric; NotFoundError for an unknown run.
RunComparison compare_stored_runs(const std::string& baseline, const std::string& candidate,
                                  const std::string& metric, std::optional<std::int64_t> revision,
                                  const eval::CompareOptions& options, const RunEnvironment& env);

/// eval::to_json of the comparison plus "baseline_run", "candidate_run", "kind" and
/// "label_revision" (null for runs of other kinds).
nlohmann::json to_json(const RunComparison& c);

}  // namespace heatloop::runner
