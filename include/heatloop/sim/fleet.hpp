#pragma once
/// The fleet simulator's driver: draws locations, units and extra households from one
/// seed, simulates them unit by unit (several in parallel, written in order) and writes the
/// output files of `heatloop simulate` (docs/simulator.md describes every column).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "heatloop/core/time.hpp"
#include "heatloop/sim/faults.hpp"
#include "heatloop/sim/labels.hpp"

namespace heatloop::sim {

/// What to simulate and where to write it.
struct FleetOptions {
    int units = 10;
    int days = 30;
    Timestamp start = 1704067200000;  ///< 2024-01-01T00:00:00Z
    std::uint64_t seed = 1;
    Duration step = k_minute_ms;  ///< sensors.csv step: 1 s .. 15 min, dividing 15 min
    int households = -1;          ///< extra homes without heat pump; -1 = as many as units
    std::filesystem::path out;
    int threads = 0;  ///< units simulated at once; 0 = all cores
    Duration weather_step = 10 * k_minute_ms;
    Duration spin_up = 3 * k_day_ms;  ///< simulated before `start` and not written
    FaultPlanOptions faults;
    LabelNoise label_noise;
};

/// One written file.
struct FileSummary {
    std::string name;
    std::uint64_t rows = 0;  ///< data rows (without the header)
    std::uint64_t bytes = 0;
};

/// What a simulation wrote.
struct FleetSummary {
    Timestamp start = 0, end = 0;
    int units = 0, households = 0, locations = 0;
    std::vector<FileSummary> files;
    std::map<std::string, int> faults;  ///< injected faults per category
    std::size_t truth_labels = 0, initial_labels = 0;
    std::map<std::string, std::size_t> draws;  ///< hot-water draws written per kind
    std::size_t shower_labels = 0;             ///< rows of labels_showers.csv
};

/// Checks the options; throws InvalidInputError naming the bad value.
void validate(const FleetOptions& options);

/// Called on the calling thread after each unit or household is written: (done, total).
using FleetProgress = std::function<void(std::uint64_t done, std::uint64_t total)>;

/// Simulates the fleet and writes sensors.csv, weather.csv, smartmeter.csv,
/// smartmeter_hp.csv, units.csv, households.csv, labels_truth.csv, labels_initial.csv,
/// draws.csv and labels_showers.csv into options.out (created if missing). Files appear only when
/// complete. The same options give byte-identical files.
FleetSummary simulate_fleet(const FleetOptions& options, const FleetProgress& progress = {});

}  // namespace heatloop::sim
