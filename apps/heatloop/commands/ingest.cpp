// PLACEHOLDER: replaced by the real `ingest` subcommand.
#include "commands/command.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::cli {

void add_ingest(CLI::App& app, const GlobalOptions&) {
    auto* cmd = app.add_subcommand("ingest", "(under construction)");
    cmd->callback([] { throw InternalError("ingest: under construction"); });
}

}  // namespace heatloop::cli
