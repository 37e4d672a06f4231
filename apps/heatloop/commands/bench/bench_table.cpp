#include "commands/bench/bench_table.hpp"

#include <fmt/format.h>

#include <cmath>

namespace heatloop::cli {

namespace {

std::string cell(double v, int decimals = 2) {
    return std::isfinite(v) ? fmt::format("{:.{}f}", v, decimals) : "-";
}

}  // namespace

void print_bench_table(const testbench::BenchResult& r) {
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

}  // namespace heatloop::cli
