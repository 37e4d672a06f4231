#pragma once
// The last few units' sensor data in memory: the unit view asks for the same unit again on
// every zoom and pan, and reading a unit-year from disk each time would dominate.

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "heatloop/core/frame.hpp"
#include "heatloop/io/workspace.hpp"

namespace heatloop::web {

class FrameCache {
public:
    explicit FrameCache(const io::Workspace& ws, std::size_t capacity = 8)
        : ws_(ws), capacity_(capacity) {}

    // The unit's frame (with its weather channels); NotFoundError for an unknown unit.
    std::shared_ptr<const UnitFrame> unit(const std::string& unit_id);

private:
    const io::Workspace& ws_;
    std::size_t capacity_;
    std::mutex mutex_;
    std::list<std::pair<std::string, std::shared_ptr<const UnitFrame>>> lru_;  // newest first
};

}  // namespace heatloop::web
