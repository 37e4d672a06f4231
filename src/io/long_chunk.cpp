#include "io/long_chunk.hpp"

#include <algorithm>

namespace heatloop::io {

UnitFrame LongChunk::take(const std::string& unit, const std::vector<std::string>& names,
                          const ConflictHandler& on_conflict, std::size_t& merged) {
    // Sorting by line last keeps "first in the file" first among equal (time, channel).
    std::sort(obs_.begin(), obs_.end(), [](const Observation& a, const Observation& b) {
        if (a.time != b.time) return a.time < b.time;
        if (a.channel != b.channel) return a.channel < b.channel;
        return a.line < b.line;
    });

    // Column of each channel the unit reported, in channel-index order.
    std::vector<int> column(names.size(), -1);
    for (const Observation& o : obs_) column[o.channel] = 0;
    UnitFrame frame(unit);
    int next = 0;
    for (std::size_t c = 0; c < names.size(); ++c)
        if (column[c] == 0) {
            column[c] = next++;
            frame.channels().push_back(Channel{names[c], {}});
        }

    std::vector<Timestamp> times;
    auto& channels = frame.channels();
    for (std::size_t i = 0; i < obs_.size(); ++i) {
        const Observation& o = obs_[i];
        if (times.empty() || times.back() != o.time) {
            times.push_back(o.time);
            for (auto& ch : channels) ch.values.push_back(k_missing);
        }
        double& cell = channels[static_cast<std::size_t>(column[o.channel])].values.back();
        const bool repeat = i > 0 && obs_[i - 1].time == o.time && obs_[i - 1].channel == o.channel;
        if (!repeat) {
            cell = o.value;
        } else if (is_missing(o.value) || cell == o.value) {
            ++merged;
        } else if (is_missing(cell)) {
            cell = o.value;
            ++merged;
        } else {
            // The kept value came from the first observation of this (time, channel).
            std::size_t first = i - 1;
            while (first > 0 && obs_[first - 1].time == o.time &&
                   obs_[first - 1].channel == o.channel)
                --first;
            on_conflict(Conflict{o.time, o.line, o.channel, cell, o.value, obs_[first].line});
        }
    }
    frame.set_time(std::move(times));
    obs_.clear();
    return frame;
}

}  // namespace heatloop::io
