#pragma once
// Runs as the web app reads them: a run's stored outputs (scores, alarms, gaps) are
// immutable once written, so they are read once; its re-evaluation is cached per label
// revision, so the leaderboard is recomputed only after the labels change.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "heatloop/runner/run_outputs.hpp"
#include "heatloop/runner/runner.hpp"

namespace heatloop::web {

class RunCache {
public:
    // The stored outputs of a run (full id) under `run_dir`; NotFoundError when it has none.
    std::shared_ptr<const runner::RunOutputs> outputs(const std::string& run_id,
                                                      const std::filesystem::path& run_dir);
    // The run re-evaluated against label revision `revision` (as `heatloop evaluate` does,
    // recording nothing).
    std::shared_ptr<const runner::ReEvaluation> evaluation(const std::string& run_id,
                                                           std::int64_t revision,
                                                           const runner::RunEnvironment& env);

private:
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const runner::RunOutputs>> outputs_;
    std::map<std::pair<std::string, std::int64_t>, std::shared_ptr<const runner::ReEvaluation>>
        evaluations_;
};

}  // namespace heatloop::web
