#include "commands/table.hpp"

#include <array>

namespace heatloop::cli {

void add_simulate(CLI::App&, const GlobalOptions&);
void add_ingest(CLI::App&, const GlobalOptions&);
void add_inspect(CLI::App&, const GlobalOptions&);

std::span<const CommandSetup> command_table() {
    static constexpr std::array<CommandSetup, 3> k_table{
        &add_simulate,
        &add_ingest,
        &add_inspect,
    };
    return k_table;
}

}  // namespace heatloop::cli
