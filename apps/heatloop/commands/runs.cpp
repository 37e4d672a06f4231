// PLACEHOLDER: replaced by the real `runs` subcommand.
#include "commands/command.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::cli {

void add_runs(CLI::App& app, const GlobalOptions&) {
    auto* cmd = app.add_subcommand("runs", "(under construction)");
    cmd->callback([] { throw InternalError("runs: under construction"); });
}

}  // namespace heatloop::cli
