#pragma once
// The one table of subcommands.

#include <span>

#include "commands/command.hpp"

namespace heatloop::cli {

// Every subcommand's setup function, in the order `--help` lists them.
std::span<const CommandSetup> command_table();

}  // namespace heatloop::cli
