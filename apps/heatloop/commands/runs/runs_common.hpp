#pragma once
// Shared pieces of the `runs` subcommands.

#include <memory>
#include <string>

#include "commands/command.hpp"
#include "heatloop/runner/runner.hpp"
#include "heatloop/tracking/tracker.hpp"

namespace heatloop::cli::runs {

// Subcommand setup functions, one per file.
void add_list(CLI::App& runs, const GlobalOptions& global);
void add_show(CLI::App& runs, const GlobalOptions& global);
void add_log(CLI::App& runs, const GlobalOptions& global);
void add_sync(CLI::App& runs, const GlobalOptions& global);
void add_compare(CLI::App& runs, const GlobalOptions& global);
void add_aggregate(CLI::App& runs, const GlobalOptions& global);
void add_note(CLI::App& runs, const GlobalOptions& global);

// Open the workspace's tracking store (PostgreSQL with --db). With `must_exist`, a missing
// SQLite workspace is a NotFoundError instead of being created. `mirror` = false ignores
// --mlflow (the subcommand handles MLflow itself or not at all).
std::unique_ptr<tracking::Tracker> open_tracker(const std::string& workspace,
                                                const GlobalOptions& global, bool must_exist,
                                                bool mirror);

// Where `heatloop run` and `heatloop forecast` run: the workspace, the tracker's database,
// the --threads setting, progress and status lines on a terminal unless --json.
runner::RunEnvironment run_environment(const io::Workspace& ws, tracking::Tracker& tracker,
                                       const GlobalOptions& global);

// "1.5s", "2m03s", "1h02m" for a run's duration.
std::string format_elapsed(Timestamp ms);

// A metric value for tables: "nan" for NaN, otherwise up to 6 significant digits.
std::string format_value(double v);

}  // namespace heatloop::cli::runs
