#include "web/frame_cache.hpp"

namespace heatloop::web {

std::shared_ptr<const UnitFrame> FrameCache::unit(const io::Workspace& ws,
                                                  const std::string& unit_id) {
    const std::uint64_t generation = ws.manifest().generation;
    {
        std::lock_guard lock(mutex_);
        // Frames of an older generation may be stale (their unit ingested again): dropped.
        lru_.remove_if([&](const Entry& e) { return e.generation < generation; });
        for (auto it = lru_.begin(); it != lru_.end(); ++it)
            if (it->unit_id == unit_id && it->generation == generation) {
                lru_.splice(lru_.begin(), lru_, it);
                return lru_.front().frame;
            }
    }
    // Loaded outside the lock: two first requests may both load; the later insert wins.
    auto frame = std::make_shared<const UnitFrame>(ws.load_unit_with_weather(unit_id));
    std::lock_guard lock(mutex_);
    lru_.push_front({unit_id, generation, frame});
    while (lru_.size() > capacity_) lru_.pop_back();
    return frame;
}

}  // namespace heatloop::web
