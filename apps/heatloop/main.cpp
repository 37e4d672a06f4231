// heatloop command-line entry point: builds the subcommands from the table and translates
// errors once, here, into "error: ..." on stderr and an exit code.

#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "commands/table.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"

namespace {

// An error message as printed: every line through visible(), so control characters, NUL
// and bytes of ill-formed UTF-8 show as <U+0000> / <0xFF> instead of cutting the message
// short or garbling the terminal; the line breaks of multi-line messages stay.
std::string printable(std::string_view message) {
    std::string out;
    for (std::size_t pos = 0;;) {
        const std::size_t end = message.find('\n', pos);
        out += heatloop::visible(message.substr(pos, end - pos));
        if (end == std::string_view::npos) break;
        out += '\n';
        pos = end + 1;
    }
    return out;
}

}  // namespace

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
        // --help and --version exit 0; a usage error is invalid input (exit 2).
        return app.exit(e) == 0 ? 0 : exit_code_for(ErrorKind::invalid_input);
    } catch (const Error& e) {
        fmt::print(stderr, "error: {}\n", printable(e.message()));
        return exit_code_for(e.kind());
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: internal: {}\n", printable(e.what()));
        return exit_code_for(ErrorKind::internal);
    }
    return 0;
}
