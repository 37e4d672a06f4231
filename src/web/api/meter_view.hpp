#pragma once
// The parts of the meter view's response (GET /api/v1/meters/{meter_id}) that do not need a
// request: which stored runs have something for a household's meter, a disaggregation run's
// estimate of it (outputs/<meter>.hlf) and a classifier run's detection probabilities for it
// (outputs/probabilities.csv, evaluation.json), and the downsampled series as JSON.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/tracking/run.hpp"
#include "heatloop/web/downsample.hpp"

namespace heatloop::web {

// A finished run that has outputs for the meter: a disaggregator or a classifier run.
struct MeterRun {
    std::string run_id, run_name, model;
    Timestamp start_time = 0;
};

// The runs of `runs` (newest first) whose summary.json (under `artifacts_dir`/<run id>) is of
// `kind` ("disaggregator": the meter is one of its units with an output file; "classifier":
// the household is one of its evaluation.json households), newest first. Runs without a
// summary.json or of another kind are passed over.
std::vector<MeterRun> meter_runs(std::span<const tracking::RunInfo> runs,
                                 const std::filesystem::path& artifacts_dir,
                                 const std::string& meter_id, const std::string& kind);

// A disaggregation run's stored estimate of one household: its outputs file (the total, the
// sub-metered truth where there is one, and `<component>_estimate`, kW) and the household's
// metrics from evaluation.json (kWh per interval; null where absent).
struct MeterEstimate {
    MeterRun run;
    std::string total, component;
    UnitFrame frame;
    nlohmann::json metrics;
};
// Throws NotFoundError when the run has no output for the meter, InvalidInputError naming
// the file when the output lacks the estimate channel.
MeterEstimate read_meter_estimate(const std::filesystem::path& artifacts_dir, const MeterRun& run,
                                  const std::string& meter_id);

// A classifier run's detection of one household: the mean of its monthly probabilities and
// each month's (NaN where the month was not classified), its fold and the label it had.
struct MonthProbability {
    Timestamp start = 0, end = 0;
    double probability = 0;
};
struct MeterDetection {
    MeterRun run;
    int fold = 0;
    std::optional<bool> has_heat_pump;
    std::optional<double> probability;
    std::vector<MonthProbability> months;
};
// Throws NotFoundError when the run did not classify the household, InvalidInputError naming
// the file and line of a malformed probabilities.csv row.
MeterDetection read_meter_detection(const std::filesystem::path& artifacts_dir, const MeterRun& run,
                                    const std::string& household_id);

// {run_id, run_name, model, start_time}.
nlohmann::json to_json(const MeterRun& run);
// {run, fold, has_heat_pump, probability, months: [{start, end, probability}]}.
nlohmann::json to_json(const MeterDetection& d);

// {min, max} of `channel` of `frame` on `grid` (null buckets where it has no value); null
// when the frame has no such channel.
nlohmann::json meter_series_json(const UnitFrame& frame, const std::string& channel,
                                 const BucketGrid& grid);

// The energy (kWh) of `channel` over [start, end), counting only the rows where every one of
// `over` has a value (so a total, truth and estimate are summed over the same intervals);
// null when the frame has no such channel or no such row.
nlohmann::json energy_kwh(const UnitFrame& frame, const std::string& channel,
                          const std::vector<std::string>& over, Timestamp start, Timestamp end);

}  // namespace heatloop::web
