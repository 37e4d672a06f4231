#pragma once
/// What a run keeps under artifacts/<run-id>/ so it can be re-evaluated against any label
/// revision without retraining (docs/runs.md):
///   config.toml        the config as given
///   model.json         the fitted detector (a versioned model document)
///   outputs/<unit>.hlf per evaluated unit on its grid: channel "score" (and "mode",
///                      "t_outdoor" when the unit has them, for breakdowns), with the unit's
///                      data gaps
///   alarms.json        every alarm event
///   summary.json       detector, thresholds, label revision, units (with their types and
///                      row counts), alarm policy and evaluation options
///   evaluation.json    the evaluation at the run's label revision; curve.json the
///                      delay-versus-false-alarm curve
///   evaluations/revision-<N>.json  later re-evaluations

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "heatloop/alarms/policy.hpp"
#include "heatloop/core/frame.hpp"
#include "heatloop/eval/inputs.hpp"
#include "heatloop/eval/options.hpp"

namespace heatloop::runner {

/// Layout version of summary.json.
inline constexpr int k_run_outputs_format = 1;

/// One evaluated unit of a run.
struct UnitOutput {
    std::string unit_id;
    std::string unit_type;
    double threshold = 0.0;  ///< the alarm threshold the unit's scores were cut at
    UnitFrame frame;         ///< grid, "score" (+ optional "mode", "t_outdoor"), gaps
};

/// The stored outputs of a run, as needed to evaluate it.
struct RunOutputs {
    nlohmann::json summary;
    alarms::AlarmPolicy policy;
    eval::EvalOptions options;
    std::vector<eval::UnitData> units;  ///< with their alarms, gaps and strata
};

/// The relative path of a unit's output file ("outputs/<escaped id>.hlf").
std::string unit_output_path(const std::string& unit_id);

/// The evaluation input of one unit output and its alarms: whole-row gaps of the frame are
/// ignore regions, "mode" and "t_outdoor" become strata.
eval::UnitData unit_data(const UnitOutput& output, std::vector<alarms::AlarmEvent> alarms);

/// Reads summary.json, alarms.json and outputs/ of a run directory. Throws NotFoundError
/// when the run has no stored outputs (e.g. it failed before scoring), IoError or
/// InvalidInputError for damaged files.
RunOutputs read_run_outputs(const std::filesystem::path& run_dir);

}  // namespace heatloop::runner
