// `heatloop simulate`: writes a simulated fleet (sensors, weather, smart meter, units,
// ground-truth and noisy initial labels, hot-water draws and shower labels) into a directory. See
// docs/simulator.md.

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands/command.hpp"
#include "heatloop/core/progress.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/sim/fleet.hpp"

namespace heatloop::cli {

namespace {

struct SimulateArgs {
    int units = 0;
    int days = 0;
    std::string start = "2024-01-01";
    std::uint64_t seed = 1;
    std::string out;
    std::string step = "1min";
    int households = -1;
};

void run_simulate(const SimulateArgs& args, const GlobalOptions& global) {
    sim::FleetOptions opt;
    opt.units = args.units;
    opt.days = args.days;
    opt.start = parse_utc(args.start);
    opt.seed = args.seed;
    opt.out = args.out;
    opt.step = parse_duration(args.step);
    opt.households = args.households;
    opt.threads = global.threads;
    sim::validate(opt);

    auto t0 = std::chrono::steady_clock::now();
    int households = opt.households < 0 ? opt.units : opt.households;
    Progress progress("simulate", static_cast<std::uint64_t>(opt.units + households), !global.json);
    sim::FleetSummary s =
        sim::simulate_fleet(opt, [&](std::uint64_t done, std::uint64_t) { progress.set(done); });
    progress.finish();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    if (global.json) {
        nlohmann::ordered_json j;
        j["out"] = opt.out.string();
        j["seed"] = opt.seed;
        j["start"] = format_iso(s.start);
        j["end"] = format_iso(s.end);
        j["days"] = opt.days;
        j["step"] = format_duration(opt.step);
        j["units"] = s.units;
        j["households"] = s.households;
        j["locations"] = s.locations;
        j["files"] = nlohmann::ordered_json::array();
        for (const auto& f : s.files)
            j["files"].push_back({{"name", f.name},
                                  {"path", (opt.out / f.name).string()},
                                  {"rows", f.rows},
                                  {"bytes", f.bytes}});
        j["faults"] = s.faults;
        j["labels_truth"] = s.truth_labels;
        j["labels_initial"] = s.initial_labels;
        j["draws"] = s.draws;
        j["labels_showers"] = s.shower_labels;
        j["seconds"] = std::round(seconds * 1000.0) / 1000.0;
        fmt::print("{}\n", j.dump(2));
        return;
    }
    fmt::print("simulated {} units and {} households over {} days from {} (seed {}) in {:.1f} s\n",
               s.units, s.households, opt.days, format_iso(s.start), opt.seed, seconds);
    for (const auto& f : s.files)
        fmt::print("  {:<20} {:>10} rows {:>8.1f} MB\n", f.name, f.rows,
                   static_cast<double>(f.bytes) / 1e6);
    int faults = 0;
    for (const auto& [name, n] : s.faults) faults += n;
    fmt::print("  {} injected faults, {} initial labels -> {}\n", faults, s.initial_labels,
               opt.out.string());
    auto draws = [&](const char* kind) {
        auto it = s.draws.find(kind);
        return it == s.draws.end() ? std::size_t{0} : it->second;
    };
    fmt::print("  hot-water draws: {} showers, {} baths, {} taps ({} shower_event labels)\n",
               draws("shower"), draws("bath"), draws("tap"), s.shower_labels);
}

}  // namespace

void add_simulate(CLI::App& app, const GlobalOptions& global) {
    auto args = std::make_shared<SimulateArgs>();
    auto* cmd = app.add_subcommand(
        "simulate", "simulate a heat-pump fleet with faults and labels into a directory");
    cmd->add_option("--units", args->units, "heat-pump units to simulate")
        ->required()
        ->check(CLI::Range(0, 100000));
    cmd->add_option("--days", args->days, "days to simulate")
        ->required()
        ->check(CLI::Range(1, 3660));
    cmd->add_option("--start", args->start, "first day (UTC), e.g. 2024-01-01")
        ->capture_default_str();
    cmd->add_option("--seed", args->seed, "random seed; the same seed gives the same files")
        ->capture_default_str();
    cmd->add_option("--out,-o", args->out, "output directory")->required();
    cmd->add_option("--step", args->step, "sensor sampling step (1s..15min, divides 15min)")
        ->capture_default_str();
    cmd->add_option("--households", args->households,
                    "extra smart-meter households without heat pump (default: as many as units)");
    cmd->callback([args, &global] { run_simulate(*args, global); });
}

}  // namespace heatloop::cli
