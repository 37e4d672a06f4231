#pragma once
/// The ground truth of hot-water use: draws.csv (every draw of a heat-pump unit's household:
/// showers, baths, taps) and labels_showers.csv (one shower_event label per shower, in the
/// label file format, for `heatloop labels import`). Columns in docs/simulator.md.

#include <string>
#include <string_view>
#include <vector>

#include "heatloop/io/csv_writer.hpp"
#include "heatloop/sim/labels.hpp"
#include "heatloop/sim/routine.hpp"

namespace heatloop::sim {

/// "shower", "bath" or "tap".
std::string_view draw_kind_name(DrawKind kind) noexcept;

/// Litres of mixed water a draw delivers: flow x duration.
double draw_volume_l(const DrawEvent& draw) noexcept;

/// The draws of a schedule that start in [start, end) (the spin-up before `start` is not
/// written), in time order.
std::vector<DrawEvent> draws_between(const HouseholdSchedule& schedule, Timestamp start,
                                     Timestamp end);

/// The draws.csv header: unit_id,start,end,kind,volume_l,flow_l_min,temp_c.
void write_draws_header(io::CsvBuffer& out);
/// One draws.csv row.
void write_draw(io::CsvBuffer& out, const std::string& unit_id, const DrawEvent& draw);

/// One confirmed shower_event label per shower of `draws`, [start, end) of the draw,
/// confidence 1, reviewer "simulator", notes with the volume, flow and temperature.
std::vector<Label> shower_labels(const std::string& unit_id, const std::vector<DrawEvent>& draws);

}  // namespace heatloop::sim
