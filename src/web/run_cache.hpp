#pragma once
// Runs as the web app reads them: a run's stored outputs (scores, alarms, gaps) are
// immutable once written, so they are read once; its re-evaluation is cached per label
// revision, so the leaderboard is recomputed only after the labels change. A detector's
// score channels (per-channel contributions, "score.<name>") are larger (one series per
// input channel): only the last few units' are kept.

#include <list>
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
    // The score channels ("score.<name>") of one unit's output file `file` of run `run_id`,
    // in a frame with the output's grid; a frame without rows or channels when the detector
    // wrote none. NotFoundError when the file is missing, IoError when it is damaged.
    std::shared_ptr<const UnitFrame> score_channels(const std::string& run_id,
                                                    const std::string& unit_id,
                                                    const std::filesystem::path& file);

private:
    struct ChannelsEntry {
        std::string run_id, unit_id;
        std::shared_ptr<const UnitFrame> frame;
    };
    static constexpr std::size_t k_channel_frames = 4;  // a unit-year of 12 channels: ~50 MB

    std::mutex mutex_;
    std::list<ChannelsEntry> channels_;  // newest first, at most k_channel_frames
    std::map<std::string, std::shared_ptr<const runner::RunOutputs>> outputs_;
    std::map<std::pair<std::string, std::int64_t>, std::shared_ptr<const runner::ReEvaluation>>
        evaluations_;
};

}  // namespace heatloop::web
