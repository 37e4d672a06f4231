#pragma once
// The last few units' sensor data in memory: the unit view asks for the same unit again on
// every zoom and pan, and reading a unit-year from disk each time would dominate. Entries are
// keyed by the manifest generation too: a unit ingested again is read again, never served
// stale, and entries of older generations are dropped.

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>

#include "heatloop/core/frame.hpp"
#include "heatloop/io/workspace.hpp"

namespace heatloop::web {

class FrameCache {
public:
    explicit FrameCache(std::size_t capacity = 8) : capacity_(capacity) {}

    // The unit's frame in `ws` (with its weather channels); NotFoundError for an unknown unit.
    std::shared_ptr<const UnitFrame> unit(const io::Workspace& ws, const std::string& unit_id);

private:
    struct Entry {
        std::string unit_id;
        std::uint64_t generation;
        std::shared_ptr<const UnitFrame> frame;
    };
    std::size_t capacity_;
    std::mutex mutex_;
    std::list<Entry> lru_;  // newest first
};

}  // namespace heatloop::web
