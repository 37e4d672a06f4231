#pragma once
/// The HTML report of a forecast study (`heatloop forecast STUDY.toml --report FILE`): one
/// self-contained page (inline SVG, no scripts, nothing fetched) with, per household, the
/// forecast against the actual target over the evaluated rows for every model at horizon
/// step 1 and at each model's last step, the household's metric table (RMSE, MAE, MAPE, R^2,
/// training time), then the models pooled over households and the Wilcoxon tests. Text from
/// data (unit ids, model and run names) is escaped. docs/forecasting.md

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <string>

namespace heatloop::runner {

/// How the report is drawn.
struct ForecastReportOptions {
    std::string title = "Forecast study";  ///< the page's heading (escaped)
    /// Points drawn per series at most: longer series are decimated (svg::min_max_decimate:
    /// the lowest and highest point of equal runs), which the page says. Metrics always use
    /// every row.
    std::size_t max_points = 1200;
};

/// The report of `study` (the result of run_forecast_study()). The forecasts are read from
/// the runs' stored outputs, `artifacts_dir`/<run-id>/summary.json and outputs/<unit>.hlf.
/// Throws NotFoundError when a run has no stored outputs, IoError or InvalidInputError for
/// damaged ones.
std::string forecast_report_html(const nlohmann::json& study,
                                 const std::filesystem::path& artifacts_dir,
                                 const ForecastReportOptions& options = {});

/// Writes forecast_report_html() to `file` (replaced). IoError naming the file when it cannot
/// be written.
void write_forecast_report(const std::filesystem::path& file, const nlohmann::json& study,
                           const std::filesystem::path& artifacts_dir,
                           const ForecastReportOptions& options = {});

}  // namespace heatloop::runner
