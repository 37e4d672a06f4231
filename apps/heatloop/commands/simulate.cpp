// PLACEHOLDER: replaced by the real `simulate` subcommand.
#include "commands/command.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::cli {

void add_simulate(CLI::App& app, const GlobalOptions&) {
    auto* cmd = app.add_subcommand("simulate", "(under construction)");
    cmd->callback([] { throw InternalError("simulate: under construction"); });
}

}  // namespace heatloop::cli
