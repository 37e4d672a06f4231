// heatloop command-line entry point: builds the subcommands from the table and translates
// errors once, here, into "error: ..." on stderr and an exit code.

#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "commands/table.hpp"
#include "heatloop/core/error.hpp"

int main(int argc, char** argv) {
    using namespace heatloop;
    CLI::App app{
        "heatloop: machine learning on heat-pump fleets, measurable and with labels "
        "you can trust"};
    app.require_subcommand(1);
    app.fallthrough();
    cli::GlobalOptions global;
    app.add_flag("--json", global.json, "machine-readable output on stdout");
    app.add_option("--threads", global.threads, "worker threads (0 = all cores)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--db", global.db, "postgresql://... to keep labels and runs in PostgreSQL");
    app.add_option("--mlflow", global.mlflow, "MLflow tracking URL to mirror runs to");
    app.set_version_flag("--version", "heatloop 0.1.0");
    for (cli::CommandSetup setup : cli::command_table()) setup(app, global);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const Error& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return exit_code_for(e.kind());
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: internal: {}\n", e.what());
        return exit_code_for(ErrorKind::internal);
    }
    return 0;
}
