#pragma once
/// `heatloop forecast STUDY.toml`: several forecasters under one protocol, as the hot-water
/// paper compares LightGBM, LSTM and attLSTM. A study file is a run config (runs.md) whose
/// model part is a list: one `[[model]]` table per forecaster (name, scope, params), sharing
/// the top-level keys and [data]. Each model becomes one tracked run (per household by
/// default: scope = "unit"); the study then tabulates RMSE, MAE, MAPE and R^2 per household
/// and horizon step, training time per household, and the Wilcoxon signed-rank p-value of
/// each pair of models across households.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/runner/run_config.hpp"
#include "heatloop/runner/runner.hpp"

namespace heatloop::runner {

/// One run config per [[model]] table, in file order. Throws InvalidInputError for TOML
/// errors, a file without [[model]] tables, a model that is not a forecaster, or anything
/// parse_run_config refuses (the message names the [[model]] entry).
std::vector<RunConfig> parse_forecast_study(std::string_view text, const std::string& source);
std::vector<RunConfig> load_forecast_study(const std::filesystem::path& file);

/// Runs every config and compares them. The result:
/// {"runs": [{"model", "name", "run_id"}],
///  "households": [{"unit_id", "models": {NAME: {"rmse", "mae", "mape", "r2",
///                   "fit_seconds", "by_step": [...]}}}],
///  "models": {NAME: {"micro": {...}, "macro": {...}, "fit_seconds_mean"}},
///  "wilcoxon": [{"a", "b", "metric": "rmse", "n", "w_plus", "w_minus", "p_value"}]}.
/// Models are keyed by run name (the model name unless [[model]] sets name).
nlohmann::json run_forecast_study(const std::vector<RunConfig>& configs, const RunEnvironment& env);

}  // namespace heatloop::runner
