#pragma once
// Shared pieces of the CLI: the options every subcommand understands, and the signature
// each subcommand file exports. One file per subcommand under commands/; the table of
// subcommands is in commands/table.cpp.

#include <CLI/CLI.hpp>

#include <string>

namespace heatloop::cli {

// Options accepted by every subcommand (DESIGN.md "Command line": everywhere).
struct GlobalOptions {
    bool json = false;   // machine-readable output on stdout
    int threads = 0;     // 0 = all cores
    std::string db;      // postgresql://... moves labels and runs to PostgreSQL
    std::string mlflow;  // http://host:port mirrors runs to MLflow
};

// A subcommand's setup function: adds itself to `app` and installs its callback.
using CommandSetup = void (*)(CLI::App& app, const GlobalOptions& global);

// Adds `--workspace DIR` (required) to a subcommand.
inline CLI::Option* add_workspace_option(CLI::App& cmd, std::string& dir) {
    return cmd.add_option("--workspace,-w", dir, "workspace directory")->required();
}

}  // namespace heatloop::cli
