#pragma once
/// `heatloop demo`: the whole loop on a simulated fleet. Simulate, ingest, import the noisy
/// initial labels, run every example detector config (scored over the whole period, with
/// labelled spans kept out of training), rank the runs against the noisy labels and against
/// the simulator's ground truth, and compare the detectors on the failure test bench.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "heatloop/eval/metrics.hpp"
#include "heatloop/testbench/protocol.hpp"

namespace heatloop::demo {

/// What to simulate and where.
struct DemoOptions {
    std::filesystem::path workspace = "heatloop-demo";
    int units = 5;
    int days = 28;
    std::uint64_t seed = 7;
    unsigned threads = 0;  ///< 0 = one per core
    bool progress = true;
    std::string db_url;      ///< labels and runs in PostgreSQL instead of the workspace
    std::string mlflow_url;  ///< mirror the runs to MLflow
    /// Status lines ("simulating 5 units x 28 days"); default: none.
    std::function<void(const std::string&)> status;
};

/// One detector's run in the leaderboards.
struct LeaderboardRow {
    std::string detector;
    std::string run_id;
    eval::Metrics noisy{};  ///< micro metrics against the imported (noisy) labels
    eval::Metrics truth{};  ///< micro metrics against the simulator's ground truth
    /// Share of ground-truth compressor failures detected within the deadline (NaN when the
    /// evaluated period has none).
    double compressor_within_deadline = 0.0;
    std::size_t compressor_failures = 0;
    std::size_t alarms = 0;
};

/// The demo's outcome.
struct DemoResult {
    std::filesystem::path workspace;
    std::int64_t label_revision = 0;
    std::size_t initial_labels = 0, truth_labels = 0;
    std::vector<LeaderboardRow> rows;  ///< one per example config, by detector name
    /// The failure test bench over the demo fleet (3 injected 24-h failures per unit, every
    /// example config): enough compressor failures to measure detection within 6 h.
    testbench::BenchResult bench;
    std::filesystem::path bench_report;  ///< its report.html
};

/// The demo's goal for compressor (heating) failures: at least this share detected within
/// the bench deadline (6 h) at no more than this many false alarms per unit-month.
struct FailureTarget {
    double within_deadline_share = 0.9;
    double max_false_alarms_per_unit_month = 1.0;
};

/// The bench detector with the largest share of injected failures detected within the
/// deadline among those within the false-alarm limit (ties: fewer false alarms per
/// unit-month, then name); nullptr when no detector ran within the limit.
const testbench::DetectorResult* best_on_failures(const testbench::BenchResult& bench,
                                                  const FailureTarget& target = {});

/// True when `best` (from best_on_failures) meets the target.
bool meets(const testbench::DetectorResult* best, const FailureTarget& target = {});

/// Runs the demo into options.workspace, replacing an earlier demo workspace there. Throws
/// ConflictError when the directory exists and is not a demo workspace (it is never
/// deleted).
DemoResult run_demo(const DemoOptions& options);

}  // namespace heatloop::demo
