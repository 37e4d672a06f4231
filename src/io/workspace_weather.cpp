// Joining a location's weather (its own native grid, e.g. hourly) onto a unit's grid.

#include "heatloop/io/workspace.hpp"

namespace heatloop::io {

namespace {

// Values of weather channel `wc` as-of each unit cell: the weather cell containing the
// unit cell's time, so an hourly value holds through its hour and nothing is looked ahead.
std::vector<double> as_of(const UnitFrame& unit, const UnitFrame& weather, const Channel& wc) {
    std::vector<double> out(unit.rows(), k_missing);
    const Timestamp w0 = weather.time().front();
    const Duration ws = weather.step();
    const auto wrows = static_cast<Timestamp>(weather.rows());
    for (std::size_t i = 0; i < unit.rows(); ++i) {
        const Timestamp t = unit.time()[i];
        if (t < w0) continue;
        const Timestamp k = (t - w0) / ws;
        if (k >= wrows) break;
        out[i] = wc.values[static_cast<std::size_t>(k)];
    }
    return out;
}

void add_gaps(UnitFrame& f, const std::string& name, const std::vector<double>& v) {
    const std::size_t n = v.size();
    for (std::size_t i = 0; i < n;) {
        if (!is_missing(v[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < n && is_missing(v[j])) ++j;
        const Timestamp end = j < n ? f.time()[j] : f.time().back() + f.step();
        f.gaps().push_back(GapSpan{f.time()[i], end, name});
        i = j;
    }
}

}  // namespace

UnitFrame Workspace::load_unit_with_weather(const std::string& unit_id) const {
    UnitFrame f = load_unit(unit_id);
    const auto location = weather_location_for(unit_id);
    if (!location || f.rows() == 0 || f.step() <= 0) return f;
    const UnitFrame w = load_weather(*location);
    if (w.rows() == 0 || w.step() <= 0) return f;
    for (const Channel& wc : w.channels()) {
        if (f.find(wc.name) != nullptr) continue;  // the unit's own sensor wins
        std::vector<double> values = as_of(f, w, wc);
        add_gaps(f, wc.name, values);
        f.channels().push_back(Channel{wc.name, std::move(values)});
    }
    return f;
}

}  // namespace heatloop::io
