#pragma once
// The failure test bench's result table (for `bench failures` and `demo`).

#include "heatloop/testbench/protocol.hpp"

namespace heatloop::cli {

// One row per detector: injected, detected, share within the deadline, delays, false alarms.
void print_bench_table(const testbench::BenchResult& r);

}  // namespace heatloop::cli
