#pragma once
/// The failure test bench protocol (docs/testbench.md): inject heating failures into every
/// unit's normal periods, then for each detector fit on the clean data, score the clean
/// data (false alarms) and one injected copy per failure (detection delay), and sweep the
/// alarm threshold for the delay-versus-false-alarm curve.

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "heatloop/alarms/policy.hpp"
#include "heatloop/core/frame.hpp"
#include "heatloop/eval/inputs.hpp"
#include "heatloop/testbench/outcomes.hpp"
#include "heatloop/testbench/placement.hpp"

namespace heatloop::testbench {

/// One unit's recorded data and its labels (all statuses; the bench avoids them).
struct BenchUnit {
    UnitFrame frame;  ///< on the workspace grid, weather joined
    std::string unit_type;
    std::vector<eval::EvalLabel> labels;
};

/// A detector as a run config sets it up.
struct BenchDetector {
    std::string name;                                  ///< registered detector name
    nlohmann::json params = nlohmann::json::object();  ///< its params
    alarms::AlarmPolicy policy;
    std::uint64_t seed = 0;
    std::string config_source;  ///< where the settings came from (for the report)
};

/// Settings of a bench.
struct BenchOptions {
    PlacementParams placement;
    std::uint64_t seed = 1;             ///< failure placement
    Duration deadline = 6 * k_hour_ms;  ///< the thesis's target
    std::vector<double> quantiles;      ///< threshold sweep; empty = default_bench_quantiles()
    int threads = 1;
    bool progress = false;                             ///< progress bars on a terminal
    std::function<void(const std::string&)> status{};  ///< status lines
};

/// eval::default_curve_quantiles() and 0.9995, 0.9999 (fixed-threshold detectors operate
/// far out in the tail).
std::vector<double> default_bench_quantiles();

/// One threshold of the sweep.
struct CurvePoint {
    double quantile = 0.0;  ///< of the pooled clean scores; NaN for the operating point
    double threshold = 0.0;
    Kpis kpis;
};

/// One failure as the report lists it.
struct UnitSummary {
    std::string unit_id;
    std::string unit_type;
    double tau_h = 0.0;
    bool tau_fitted = false;  ///< false = default
    std::size_t failures = 0;
};

/// A detector's bench result.
struct DetectorResult {
    BenchDetector detector;
    std::string error;                     ///< non-empty: the detector could not run
    double threshold = 0.0;                ///< its configured threshold, resolved
    Kpis kpis;                             ///< at the configured threshold
    std::vector<FailureOutcome> outcomes;  ///< one per injected failure
    std::vector<CurvePoint> curve;         ///< by increasing quantile
    CurvePoint operating_point;            ///< the configured threshold
    double seconds = 0.0;                  ///< wall time
};

/// A whole bench.
struct BenchResult {
    BenchOptions options;
    std::vector<UnitSummary> units;
    std::vector<InjectedFailure> failures;
    std::vector<DetectorResult> detectors;
};

/// Places failures (per unit: its time constant, then choose_failure_starts) and runs
/// every detector over them. A detector that rejects the data (InvalidInputError from fit
/// or score) gets its error recorded and the others still run. Throws InvalidInputError
/// for no units, bad placement or quantiles, or when no failure fits into any unit.
BenchResult run_bench(std::span<const BenchUnit> units, std::span<const BenchDetector> detectors,
                      const BenchOptions& options);

}  // namespace heatloop::testbench
