// PLACEHOLDER: replaced by the real `labels` subcommand.
#include "commands/command.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::cli {

void add_labels(CLI::App& app, const GlobalOptions&) {
    auto* cmd = app.add_subcommand("labels", "(under construction)");
    cmd->callback([] { throw InternalError("labels: under construction"); });
}

}  // namespace heatloop::cli
