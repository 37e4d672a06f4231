#pragma once
/// What the failure test bench reads: the detectors with their run configs, and every unit's data
// with its labels.

#include <string>
#include <vector>

#include "heatloop/io/workspace.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/testbench/protocol.hpp"

namespace heatloop::testbench {

// The detectors of a comma-separated list (empty = every registered one), each set up from
// <configs>/<name>.toml when `configs` is given and has it, else the built-in example config,
// else its defaults. InvalidInputError for an unknown name (listing the valid ones) or a bad
// config; NotFoundError for a --configs directory that does not exist.
std::vector<BenchDetector> load_detectors(const std::string& names, const std::string& configs);

// Every unit with data (weather joined) and its current labels. InvalidInputError when the
// workspace has no unit with data.
std::vector<BenchUnit> load_units(const io::Workspace& ws, store::Db& db, bool progress);

}  // namespace heatloop::testbench
