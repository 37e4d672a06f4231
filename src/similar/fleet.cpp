#include "heatloop/similar/fleet.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include "heatloop/core/error.hpp"

namespace heatloop::similar {

FleetResult search_fleet(const io::Workspace& ws, const Pattern& pattern,
                         const std::map<std::string, std::vector<Span>>& excluded, std::size_t top,
                         unsigned threads) {
    // Units lacking a channel are known from the manifest, without reading their data.
    std::vector<std::string> todo;
    FleetResult result;
    for (const std::string& id : ws.unit_ids()) {
        const io::SeriesSummary& data = ws.unit(id).data;
        const bool has_all =
            data.rows > 0 &&
            std::all_of(pattern.channels.begin(), pattern.channels.end(), [&](const auto& name) {
                return std::any_of(
                    data.channels.begin(), data.channels.end(),
                    [&](const io::ChannelSummary& c) { return c.name == name && c.present > 0; });
            });
        (has_all ? todo : result.units_skipped).push_back(id);
    }
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads =
        std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(1, todo.size())));

    std::vector<std::vector<Hit>> per_unit(todo.size());
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&] {
        try {
            for (std::size_t k = next++; k < todo.size(); k = next++) {
                const UnitFrame frame = ws.load_unit(todo[k]);
                const auto ex = excluded.find(todo[k]);
                const std::span<const Span> spans =
                    ex == excluded.end() ? std::span<const Span>() : std::span(ex->second);
                per_unit[k] = search_frame(pattern, frame, spans, top);
            }
        } catch (...) {
            std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next = todo.size();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);

    std::vector<Hit> all;
    for (auto& hits : per_unit) all.insert(all.end(), hits.begin(), hits.end());
    result.hits = best_hits(std::move(all), top);
    result.units_searched = todo.size();
    return result;
}

std::vector<std::string> default_channels(const io::Workspace& ws, const UnitFrame& frame,
                                          Span span) {
    const std::size_t i0 = frame.lower_bound(span.start), i1 = frame.lower_bound(span.end);
    std::vector<std::string> out;
    for (const Channel& c : frame.channels()) {
        if (c.name == "t_outdoor") continue;
        if (i0 >= i1 || std::any_of(c.values.begin() + static_cast<std::ptrdiff_t>(i0),
                                    c.values.begin() + static_cast<std::ptrdiff_t>(i1),
                                    [](double x) { return std::isnan(x); }))
            continue;
        bool everywhere = true;
        for (const std::string& id : ws.unit_ids()) {
            const io::SeriesSummary& data = ws.unit(id).data;
            if (data.rows == 0) continue;
            everywhere = everywhere && std::any_of(data.channels.begin(), data.channels.end(),
                                                   [&](const io::ChannelSummary& s) {
                                                       return s.name == c.name && s.present > 0;
                                                   });
        }
        if (everywhere) out.push_back(c.name);
    }
    if (out.empty())
        throw InvalidInputError(fmt::format(
            "find similar: unit {} has no channel with data throughout {} .. {} that every unit "
            "has; name the channels to compare",
            frame.unit_id(), format_iso(span.start), format_iso(span.end)));
    return out;
}

}  // namespace heatloop::similar
