// `heatloop runs`: list, show, note, compare, log and sync tracked runs. Each subcommand is one
// file in commands/runs/.
#include "commands/command.hpp"
#include "commands/runs/runs_common.hpp"

namespace heatloop::cli {

void add_runs(CLI::App& app, const GlobalOptions& global) {
    auto* cmd = app.add_subcommand(
        "runs", "tracked runs: list, show, note, compare, aggregate, log, sync to MLflow");
    cmd->require_subcommand(1);
    runs::add_list(*cmd, global);
    runs::add_show(*cmd, global);
    runs::add_log(*cmd, global);
    runs::add_sync(*cmd, global);
    runs::add_compare(*cmd, global);
    runs::add_aggregate(*cmd, global);
    runs::add_note(*cmd, global);
}

}  // namespace heatloop::cli
