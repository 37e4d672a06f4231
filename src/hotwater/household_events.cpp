#include "heatloop/hotwater/household_events.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "heatloop/alarms/alarm_event.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "heatloop/store/label_service.hpp"

namespace heatloop::hotwater {

namespace {

void sort_by_start(std::vector<ShowerEvent>& events) {
    std::stable_sort(events.begin(), events.end(),
                     [](const ShowerEvent& a, const ShowerEvent& b) { return a.start < b.start; });
}

}  // namespace

std::vector<ShowerEvent> label_events(const std::vector<store::Label>& labels,
                                      const std::string& unit_id) {
    std::vector<ShowerEvent> out;
    for (const store::Label& l : labels) {
        if (l.unit_id != unit_id || l.category != k_shower_category) continue;
        if (l.status != store::LabelStatus::proposed && l.status != store::LabelStatus::confirmed)
            continue;
        ShowerEvent e;
        e.start = l.start;
        e.end = l.end;
        e.status = std::string(store::status_name(l.status));
        e.label_id = l.id;
        out.push_back(std::move(e));
    }
    sort_by_start(out);
    return out;
}

std::vector<ShowerEvent> run_events(const std::filesystem::path& run_dir,
                                    const std::string& unit_id) {
    const std::filesystem::path file = run_dir / "alarms.json";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw NotFoundError(fmt::format(
            "run {} has no alarms.json (only a detector run's alarms can be shower events)",
            run_dir.filename().string()));
    const nlohmann::json list = runner::read_json(file);
    if (!list.is_array())
        throw InvalidInputError(fmt::format("{}: expected a list of alarms", file.string()));
    std::vector<ShowerEvent> out;
    for (const nlohmann::json& j : list) {
        const alarms::AlarmEvent a = alarms::alarm_from_json(j);
        if (a.unit_id != unit_id) continue;
        ShowerEvent e;
        e.start = a.start;
        e.end = a.end;
        e.status = "alarm";
        out.push_back(std::move(e));
    }
    sort_by_start(out);
    return out;
}

std::vector<ShowerEvent> household_events(store::LabelService& labels, const UnitFrame& frame,
                                          const EventSource& source) {
    std::vector<ShowerEvent> events;
    if (!source.run_id.empty()) {
        events = run_events(source.run_dir, frame.unit_id());
    } else {
        store::LabelQuery query;
        query.unit_id = frame.unit_id();
        events = label_events(labels.list(query), frame.unit_id());
    }
    measure_drops(frame, events);
    return events;
}

void measure_drops(const UnitFrame& frame, std::vector<ShowerEvent>& events) {
    const Channel* tank = frame.find(k_tank_channel);
    for (ShowerEvent& e : events) {
        e.size = std::numeric_limits<double>::quiet_NaN();
        if (!tank) continue;
        // The value in force at the start: the last sample at or before it.
        std::size_t i = frame.lower_bound(e.start);
        if (i < frame.rows() && frame.time()[i] > e.start) {
            if (i == 0) continue;  // the event starts before the data
            --i;
        }
        if (i >= frame.rows()) continue;
        const double before = tank->values[i];
        if (std::isnan(before)) continue;
        const std::size_t last = frame.lower_bound(e.end + k_drop_window_ms);
        double lowest = before;
        for (std::size_t k = i; k < last; ++k)
            if (!std::isnan(tank->values[k])) lowest = std::min(lowest, tank->values[k]);
        e.size = before - lowest;
    }
}

std::vector<DemandEvent> demand_events(const std::vector<ShowerEvent>& events) {
    std::vector<DemandEvent> out;
    out.reserve(events.size());
    for (const ShowerEvent& e : events) out.push_back({e.start, e.size});
    return out;
}

}  // namespace heatloop::hotwater
