#pragma once
// The dataset fingerprint a run records: which cached data it read.

#include <string>
#include <vector>

#include "heatloop/io/workspace.hpp"

namespace heatloop::runner {

// "sha256:<hex>" of the grid and, for each unit and the weather location it reads, the cache
// file (whose name changes with every ingest that changes it), start and row count. Two runs
// with the same fingerprint read the same data.
std::string dataset_fingerprint(const io::Workspace& ws, const std::vector<std::string>& unit_ids,
                                bool meters = false);

}  // namespace heatloop::runner
