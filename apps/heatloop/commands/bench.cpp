// `heatloop bench failures`: the failure test bench (docs/testbench.md).
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "commands/bench/bench_inputs.hpp"
#include "commands/command.hpp"
#include "commands/runs/runs_common.hpp"
#include "heatloop/io/workspace.hpp"
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

std::string cell(double v, int decimals = 2) {
    return std::isfinite(v) ? fmt::format("{:.{}f}", v, decimals) : "-";
}

void print_table(const testbench::BenchResult& r) {
    fmt::print("{} failures injected into {} units ({} long, deadline {})\n", r.failures.size(),
               r.units.size(), format_duration(r.options.placement.duration),
               format_duration(r.options.deadline));
    fmt::print("{:<22} {:>8} {:>8} {:>9} {:>9} {:>9} {:>9} {:>7} {:>10}\n", "detector", "injected",
               "detected", "within_dl", "mean_h", "median_h", "p90_h", "FA", "FA/unit-mo");
    for (const testbench::DetectorResult& d : r.detectors) {
        if (!d.error.empty()) {
            fmt::print("{:<22} could not run: {}\n", d.detector.name, d.error);
            continue;
        }
        const testbench::Kpis& k = d.kpis;
        fmt::print("{:<22} {:>8} {:>8} {:>9} {:>9} {:>9} {:>9} {:>7} {:>10}\n", d.detector.name,
                   k.injected, k.detected, cell(k.within_deadline_share), cell(k.delay_mean_h),
                   cell(k.delay_median_h), cell(k.delay_p90_h), k.false_alarms,
                   cell(k.false_alarms_per_unit_month));
    }
}

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
        bench::load_detectors(o.detectors, o.configs);
    status(fmt::format("loading units of {}", ws.root().string()));
    const std::vector<testbench::BenchUnit> units =
        bench::load_units(ws, tracker->store().db(), !global.json);

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
    print_table(result);
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
