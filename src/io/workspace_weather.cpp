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

// `f` with each weather channel of `location` it lacks, joined as-of onto its grid.
UnitFrame join_weather(const Workspace& ws, UnitFrame f,
                       const std::optional<std::string>& location) {
    if (!location || f.rows() == 0 || f.step() <= 0) return f;
    const UnitFrame w = ws.load_weather(*location);
    if (w.rows() == 0 || w.step() <= 0) return f;
    for (const Channel& wc : w.channels()) {
        if (f.find(wc.name) != nullptr) continue;  // the unit's own sensor wins
        std::vector<double> values = as_of(f, w, wc);
        add_gaps(f, wc.name, values);
        f.channels().push_back(Channel{wc.name, std::move(values)});
    }
    return f;
}

}  // namespace

UnitFrame Workspace::load_unit_with_weather(const std::string& unit_id) const {
    return join_weather(*this, load_unit(unit_id), weather_location_for(unit_id));
}

UnitFrame Workspace::load_meter_with_weather(const std::string& meter_id) const {
    std::optional<std::string> location;
    const auto has_weather = [&](const std::string& id) { return manifest_.weather.count(id) > 0; };
    if (const HouseholdInfo* h = find_household(meter_id); h && has_weather(h->location))
        location = h->location;
    else if (has_weather(meter_id))
        location = meter_id;
    return join_weather(*this, load_meter(meter_id), location);
}

}  // namespace heatloop::io
