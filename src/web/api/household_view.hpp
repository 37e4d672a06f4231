#pragma once
// The parts of the household view's response (GET /api/v1/units/{id}/household) that do not
// need a request: the shower events as JSON, the latest forecaster run that forecasts the
// unit's t_tank_mid, and its forecast against the measured values, downsampled.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/hotwater/household_events.hpp"
#include "heatloop/tracking/run.hpp"
#include "heatloop/web/downsample.hpp"

namespace heatloop::web {

// [{start, end, status, label_id (labels only), size}] of the events overlapping
// [start, end), times in ms.
nlohmann::json events_json(const std::vector<hotwater::ShowerEvent>& events, Timestamp start,
                           Timestamp end);

// A forecaster run's stored forecasts of one unit (outputs/<unit>.hlf: "actual",
// "forecast_h1" ..).
struct TankForecast {
    std::string run_id, run_name, model, target;
    std::size_t horizon = 0;
    UnitFrame frame;
};

// The newest of `runs` (newest first, finished) that is a forecaster run of t_tank_mid with
// stored forecasts for `unit_id` under `artifacts_dir`/<run id>; nullopt when there is none.
// Runs whose summary.json is missing or of another kind are passed over.
std::optional<TankForecast> latest_tank_forecast(std::span<const tracking::RunInfo> runs,
                                                 const std::filesystem::path& artifacts_dir,
                                                 const std::string& unit_id);

// {run_id, run_name, model, target, horizon, start, end, bucket_ms, t, actual: {min, max},
// forecast: {min, max}}: the measured t_tank_mid and the one-step-ahead forecast of it on
// `grid`.
nlohmann::json forecast_json(const TankForecast& f, const BucketGrid& grid);

}  // namespace heatloop::web
