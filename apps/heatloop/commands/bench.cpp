// `heatloop bench failures`: the failure test bench (docs/testbench.md).
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "commands/bench/bench_table.hpp"
#include "commands/command.hpp"
#include "commands/runs/runs_common.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/testbench/inputs.hpp"
#include "heatloop/testbench/report.hpp"

namespace heatloop::cli {

namespace {

struct BenchFailuresOptions {
    std::string workspace;
    std::string detectors;  // comma-separated; empty = every registered detector
    std::string configs;    // directory of <detector>.toml; empty = the built-in examples
    std::size_t per_unit = 3;
    std::string duration = "24h";
    std::string deadline = "6h";
    std::uint64_t seed = 1;
    std::string out;
};

std::string timestamp_now() {
    const auto now = std::chrono::system_clock::now();
    const CivilTime c = to_civil(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
    return fmt::format("{:04}{:02}{:02}-{:02}{:02}{:02}", c.year, c.month, c.day, c.hour, c.minute,
                       c.second);
}

void bench_failures(const BenchFailuresOptions& o, const GlobalOptions& global) {
    const io::Workspace ws = io::Workspace::open(o.workspace);
    auto tracker = runs::open_tracker(o.workspace, global, /*must_exist=*/false, /*mirror=*/false);
    const auto status = [&](const std::string& s) {
        if (!global.json) fmt::print(stderr, "{}\n", s);
    };

    const std::vector<testbench::BenchDetector> detectors =
        testbench::load_detectors(o.detectors, o.configs);
    status(fmt::format("loading units of {}", ws.root().string()));
    const std::vector<testbench::BenchUnit> units =
        testbench::load_units(ws, tracker->store().db(), !global.json);

    testbench::BenchOptions options;
    options.placement.per_unit = o.per_unit;
    options.placement.duration = parse_duration(o.duration);
    options.deadline = parse_duration(o.deadline);
    options.seed = o.seed;
    options.threads = global.threads > 0 ? global.threads : 1;
    options.progress = !global.json;
    options.status = status;
    const testbench::BenchResult result = testbench::run_bench(units, detectors, options);

    const std::filesystem::path out = o.out.empty()
                                          ? ws.root() / "bench" / ("failures-" + timestamp_now())
                                          : std::filesystem::path(o.out);
    testbench::write_outputs(result, out, "heatloop failure test bench");
    if (global.json) {
        nlohmann::json j = testbench::to_json(result);
        j["out"] = out.string();
        std::cout << j.dump(2) << "\n";
        return;
    }
    print_bench_table(result);
    fmt::print("report: {}\n", (out / "report.html").string());
}

}  // namespace

void add_bench(CLI::App& app, const GlobalOptions& global) {
    auto* bench_cmd = app.add_subcommand("bench", "test benches comparing detectors");
    bench_cmd->require_subcommand(1);
    auto o = std::make_shared<BenchFailuresOptions>();
    auto* cmd = bench_cmd->add_subcommand(
        "failures",
        "inject heating failures into normal periods; compare detectors by detection delay and "
        "false alarms");
    add_workspace_option(*cmd, o->workspace);
    cmd->add_option("--detectors", o->detectors,
                    "comma-separated detector names (default: every registered detector)");
    cmd->add_option("--configs", o->configs,
                    "directory of <detector>.toml run configs (default: the built-in configs/)");
    cmd->add_option("--failures-per-unit", o->per_unit, "failures injected per unit")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    cmd->add_option("--duration", o->duration, "length of each failure")->capture_default_str();
    cmd->add_option("--deadline", o->deadline, "detection target (share detected within it)")
        ->capture_default_str();
    cmd->add_option("--seed", o->seed, "seed of the failure placement")->capture_default_str();
    cmd->add_option("--out", o->out,
                    "output directory for results.json and report.html "
                    "(default: WS/bench/failures-<timestamp>)");
    cmd->footer(
        "Prints a table (progress on stderr); --json prints results.json. "
        "docs/testbench.md");
    cmd->callback([o, &global] { bench_failures(*o, global); });
}

}  // namespace heatloop::cli
