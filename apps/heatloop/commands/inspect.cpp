// PLACEHOLDER: replaced by the real `inspect` subcommand.
#include "commands/command.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::cli {

void add_inspect(CLI::App& app, const GlobalOptions&) {
    auto* cmd = app.add_subcommand("inspect", "(under construction)");
    cmd->callback([] { throw InternalError("inspect: under construction"); });
}

}  // namespace heatloop::cli
