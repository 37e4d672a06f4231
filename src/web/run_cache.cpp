#include "web/run_cache.hpp"

namespace heatloop::web {

std::shared_ptr<const runner::RunOutputs> RunCache::outputs(const std::string& run_id,
                                                            const std::filesystem::path& dir) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = outputs_.find(run_id); it != outputs_.end()) return it->second;
    }
    auto out = std::make_shared<const runner::RunOutputs>(runner::read_run_outputs(dir));
    std::lock_guard lock(mutex_);
    outputs_[run_id] = out;
    return out;
}

std::shared_ptr<const runner::ReEvaluation> RunCache::evaluation(
    const std::string& run_id, std::int64_t revision, const runner::RunEnvironment& env) {
    const auto key = std::pair(run_id, revision);
    {
        std::lock_guard lock(mutex_);
        if (auto it = evaluations_.find(key); it != evaluations_.end()) return it->second;
    }
    auto r = std::make_shared<const runner::ReEvaluation>(
        runner::reevaluate_run(run_id, revision, env, /*record=*/false));
    std::lock_guard lock(mutex_);
    // Older revisions of this run are not asked for again by the leaderboard.
    for (auto it = evaluations_.begin(); it != evaluations_.end();)
        it = it->first.first == run_id ? evaluations_.erase(it) : std::next(it);
    evaluations_[key] = r;
    return r;
}

}  // namespace heatloop::web
