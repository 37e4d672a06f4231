#include "heatloop/sim/draws.hpp"

#include <fmt/format.h>

namespace heatloop::sim {

std::string_view draw_kind_name(DrawKind kind) noexcept {
    switch (kind) {
        case DrawKind::shower:
            return "shower";
        case DrawKind::bath:
            return "bath";
        case DrawKind::tap:
            return "tap";
    }
    return "tap";
}

double draw_volume_l(const DrawEvent& d) noexcept {
    return d.flow_l_min * static_cast<double>(d.duration) / static_cast<double>(k_minute_ms);
}

std::vector<DrawEvent> draws_between(const HouseholdSchedule& schedule, Timestamp start,
                                     Timestamp end) {
    std::vector<DrawEvent> out;
    for (const DrawEvent& d : schedule.draws)
        if (d.start >= start && d.start < end) out.push_back(d);
    return out;
}

void write_draws_header(io::CsvBuffer& out) {
    out.row({"unit_id", "start", "end", "kind", "volume_l", "flow_l_min", "temp_c"});
}

void write_draw(io::CsvBuffer& out, const std::string& unit_id, const DrawEvent& d) {
    out.field(unit_id).timestamp(d.start).timestamp(d.end()).field(draw_kind_name(d.kind));
    out.fixed(draw_volume_l(d), 2).fixed(d.flow_l_min, 3).fixed(d.temp_c, 2);
    out.end_row();
}

std::vector<Label> shower_labels(const std::string& unit_id, const std::vector<DrawEvent>& draws) {
    std::vector<Label> labels;
    for (const DrawEvent& d : draws) {
        if (d.kind != DrawKind::shower) continue;
        labels.push_back({unit_id, d.start, d.end(), "shower_event", 1.0, "confirmed", "simulator",
                          fmt::format("simulated shower: {:.2f} l at {:.3f} l/min, {:.2f} degC",
                                      draw_volume_l(d), d.flow_l_min, d.temp_c)});
    }
    return labels;
}

}  // namespace heatloop::sim
