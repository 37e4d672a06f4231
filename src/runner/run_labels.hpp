#pragma once
// The label store's labels as a run uses them: evaluation labels, and the spans kept out of
// training.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/eval/inputs.hpp"
#include "heatloop/eval/options.hpp"
#include "heatloop/store/db.hpp"

namespace heatloop::runner {

struct RunLabels {
    std::int64_t revision = 0;
    std::vector<eval::EvalLabel> labels;  // every label but superseded ones
    // Per unit, the spans of labels that are not rejected (suspected or known anomalies), of
    // the categories the run evaluates (showers, normal use, stay in training by default).
    std::map<std::string, std::vector<GapSpan>> anomalous;
};

// The labels at `revision` (nullopt = the latest); `options` choose the categories whose
// spans are kept out of training.
RunLabels load_run_labels(store::Db& db, std::optional<std::int64_t> revision,
                          const eval::EvalOptions& options = {});

}  // namespace heatloop::runner
