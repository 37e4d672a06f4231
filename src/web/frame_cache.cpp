#include "web/frame_cache.hpp"

namespace heatloop::web {

std::shared_ptr<const UnitFrame> FrameCache::unit(const std::string& unit_id) {
    {
        std::lock_guard lock(mutex_);
        for (auto it = lru_.begin(); it != lru_.end(); ++it)
            if (it->first == unit_id) {
                lru_.splice(lru_.begin(), lru_, it);
                return lru_.front().second;
            }
    }
    // Loaded outside the lock: two first requests may both load; the later insert wins.
    auto frame = std::make_shared<const UnitFrame>(ws_.load_unit_with_weather(unit_id));
    std::lock_guard lock(mutex_);
    lru_.emplace_front(unit_id, frame);
    while (lru_.size() > capacity_) lru_.pop_back();
    return frame;
}

}  // namespace heatloop::web
