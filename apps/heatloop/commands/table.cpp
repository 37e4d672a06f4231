#include "commands/table.hpp"

#include <array>

namespace heatloop::cli {

void add_simulate(CLI::App&, const GlobalOptions&);
void add_ingest(CLI::App&, const GlobalOptions&);
void add_inspect(CLI::App&, const GlobalOptions&);
void add_labels(CLI::App&, const GlobalOptions&);
void add_runs(CLI::App&, const GlobalOptions&);
void add_run(CLI::App&, const GlobalOptions&);
void add_evaluate(CLI::App&, const GlobalOptions&);
void add_demo(CLI::App&, const GlobalOptions&);
void add_bench(CLI::App&, const GlobalOptions&);
void add_serve(CLI::App&, const GlobalOptions&);
void add_users(CLI::App&, const GlobalOptions&);
void add_models(CLI::App&, const GlobalOptions&);
void add_forecast(CLI::App&, const GlobalOptions&);
void add_calendar(CLI::App&, const GlobalOptions&);
void add_steer(CLI::App&, const GlobalOptions&);
void add_smartmeter(CLI::App&, const GlobalOptions&);

std::span<const CommandSetup> command_table() {
    static constexpr std::array<CommandSetup, 16> k_table{
        &add_simulate, &add_ingest,   &add_inspect, &add_labels,     &add_run,    &add_evaluate,
        &add_forecast, &add_calendar, &add_steer,   &add_runs,       &add_models, &add_demo,
        &add_bench,    &add_serve,    &add_users,   &add_smartmeter,
    };
    return k_table;
}

}  // namespace heatloop::cli
