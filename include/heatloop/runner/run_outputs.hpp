#pragma once
/// What a run keeps under artifacts/<run-id>/ so it can be re-evaluated against any label
/// revision without retraining (docs/runs.md):
///   config.toml        the config as given
///   model.json         the fitted detector (a versioned model document)
///   outputs/<unit>.hlf per evaluated unit on its grid: channel "score", the detector's
///                      extra score channels as "score.<name>" (e.g. self_supervised's
///                      "score.residual.t_supply"), and "mode", "t_outdoor" when the unit has
///                      them, for breakdowns; with the unit's data gaps
///   alarms.json        every alarm event
///   summary.json       detector, thresholds, label revision, units (with their types and
///                      row counts), alarm policy and evaluation options
///   evaluation.json    the evaluation at the run's label revision; curve.json the
///                      delay-versus-false-alarm curve
///   evaluations/revision-<N>.json  later re-evaluations

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/alarms/alarm_event.hpp"
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

/// A JSON file of a run directory (summary.json, evaluation.json, ...). NotFoundError when
/// missing, InvalidInputError naming the file when it is not JSON.
nlohmann::json read_json(const std::filesystem::path& file);

/// The relative path of a unit's output file ("outputs/<escaped id>.hlf").
std::string unit_output_path(const std::string& unit_id);

/// A detector's extra score channel as stored in a unit output: "score.<name>".
std::string score_channel_name(std::string_view name);

/// How much one score channel stands out over an alarm.
struct ChannelShare {
    std::string channel;  ///< the detector's name for it (without "score.")
    double mean_abs = 0;  ///< mean magnitude over the alarm's rows where it has a value
};

/// The score channels of a unit output over [alarm.start, alarm.end), largest mean magnitude
/// first (channels without a value there left out); empty when the output has none.
std::vector<ChannelShare> alarm_channels(const UnitFrame& output, const alarms::AlarmEvent& alarm);

/// One alarm of a run with the score channels most responsible for it.
struct AlarmAttribution {
    alarms::AlarmEvent alarm;
    std::vector<ChannelShare> channels;  ///< largest first
};

/// Every alarm of a stored run (alarms.json, in order) with alarm_channels() of its unit's
/// output. Throws as read_run_outputs().
std::vector<AlarmAttribution> alarm_attributions(const std::filesystem::path& run_dir);

/// The evaluation input of one unit output and its alarms: whole-row gaps of the frame are
/// ignore regions, "mode" and "t_outdoor" become strata.
eval::UnitData unit_data(const UnitOutput& output, std::vector<alarms::AlarmEvent> alarms);

/// Reads summary.json, alarms.json and outputs/ of a run directory. Throws NotFoundError
/// when the run has no stored outputs (e.g. it failed before scoring), IoError or
/// InvalidInputError for damaged files.
RunOutputs read_run_outputs(const std::filesystem::path& run_dir);

}  // namespace heatloop::runner
