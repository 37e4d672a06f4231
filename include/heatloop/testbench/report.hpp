#pragma once
/// The bench's outputs: results.json and a self-contained report.html (inline SVG plots:
/// per-detector delay distributions and delay-versus-false-alarm curves).

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "heatloop/testbench/protocol.hpp"

namespace heatloop::testbench {

/// Version of the results.json layout.
inline constexpr int k_results_format = 1;

/// {"format_version", "options", "units", "failures", "detectors": [{"detector", "params",
///  "alarm_policy", "config", "error", "threshold", "kpis", "outcomes", "curve",
///  "operating_point", "seconds"}]}; NaN as null; times as ISO 8601 UTC.
nlohmann::json to_json(const BenchResult& result);

/// The HTML report: protocol, KPI table, delay strip/box plots, curves with operating
/// points. No external resources.
std::string report_html(const BenchResult& result, const std::string& title);

/// Writes results.json and report.html into `dir` (created when missing); IoError when a
/// file cannot be written.
void write_outputs(const BenchResult& result, const std::filesystem::path& dir,
                   const std::string& title);

}  // namespace heatloop::testbench
