#include "web/run_cache.hpp"

#include <algorithm>

#include "heatloop/io/frame_file.hpp"

namespace heatloop::web {

namespace {

bool is_score_channel(const std::string& name) {
    return name.starts_with("score.");
}

// The score channels of an output file; the header says whether there are any, so a run of a
// detector without them costs one small read.
UnitFrame read_score_channels(const std::filesystem::path& file) {
    const io::FrameFileHeader header = io::read_frame_header(file);
    if (std::none_of(header.channels.begin(), header.channels.end(), is_score_channel))
        return UnitFrame(header.id);
    UnitFrame f = io::read_frame_file(file);
    std::erase_if(f.channels(), [](const Channel& c) { return !is_score_channel(c.name); });
    f.gaps().clear();  // the contributions are plotted and ranked, not evaluated
    return f;
}

}  // namespace

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

std::shared_ptr<const UnitFrame> RunCache::score_channels(const std::string& run_id,
                                                          const std::string& unit_id,
                                                          const std::filesystem::path& file) {
    {
        std::lock_guard lock(mutex_);
        for (auto it = channels_.begin(); it != channels_.end(); ++it)
            if (it->run_id == run_id && it->unit_id == unit_id) {
                channels_.splice(channels_.begin(), channels_, it);
                return channels_.front().frame;
            }
    }
    // Read outside the lock: two first requests may both read; both get the same data.
    auto frame = std::make_shared<const UnitFrame>(read_score_channels(file));
    std::lock_guard lock(mutex_);
    channels_.push_front({run_id, unit_id, frame});
    while (channels_.size() > k_channel_frames) channels_.pop_back();
    return frame;
}

}  // namespace heatloop::web
