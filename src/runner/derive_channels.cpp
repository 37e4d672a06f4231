#include "runner/derive_channels.hpp"

#include <fmt/format.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"

namespace heatloop::runner {

ChannelDeriver::ChannelDeriver(const std::map<std::string, DerivedChannel>& derive, int threads) {
    for (const auto& [channel, spec] : derive) {
        const ShippedCatalogue cat = read_catalogue(find_models_dir(spec.models_dir));
        const ShippedModel& entry = cat.find(spec.disaggregator);
        if (entry.kind != models::ModelKind::disaggregator)
            throw InvalidInputError(
                fmt::format("data.derive.{}: shipped model '{}' is a {}, not a disaggregator",
                            channel, entry.name, models::kind_name(entry.kind)));
        auto model = load_shipped(cat, entry);
        model->set_context({0, threads});
        derived_.push_back({channel, entry, std::move(model)});
    }
}

std::vector<double> hold_onto(const UnitFrame& series, const std::vector<double>& values,
                              const UnitFrame& grid) {
    std::vector<double> out(grid.rows(), std::nan(""));
    if (series.rows() == 0 || series.step() <= 0) return out;
    const Timestamp start = series.time().front();
    const Duration step = series.step();
    for (std::size_t r = 0; r < grid.rows(); ++r) {
        const Timestamp t = grid.time()[r];
        if (t < start) continue;
        const auto cell = static_cast<std::size_t>((t - start) / step);
        if (cell < values.size()) out[r] = values[cell];
    }
    return out;
}

void ChannelDeriver::apply(const io::Workspace& ws, UnitFrame& unit) const {
    if (derived_.empty()) return;
    const std::string& id = unit.unit_id();
    std::string meter;
    const auto meters = ws.meter_ids();
    if (std::binary_search(meters.begin(), meters.end(), id)) {
        meter = id;
    } else {
        for (const HouseholdInfo& h : ws.households())
            if (h.unit_id == id && std::binary_search(meters.begin(), meters.end(), h.household_id))
                meter = h.household_id;
    }
    if (meter.empty())
        throw InvalidInputError(fmt::format(
            "data.derive: unit {} has no household meter (a smart-meter series of its id, or of a "
            "household whose unit_id is it) to estimate {} from",
            visible(id), derived_.front().channel));
    UnitFrame household = ws.load_meter_with_weather(meter);
    for (const Derived& d : derived_) {
        // A meter keyed by the unit's id has no weather of its own: the unit's (its location's,
        // joined onto the unit grid) taken at each meter interval's start.
        const std::string t = d.model->params().value("temperature_channel", std::string());
        if (!t.empty() && !household.find(t) && unit.find(t))
            household.get_or_add(t).values = hold_onto(unit, unit.at(t).values, household);
        if (unit.find(d.channel))
            throw InvalidInputError(
                fmt::format("data.derive.{}: unit {} already has a channel of that name", d.channel,
                            visible(id)));
        const auto& dis = static_cast<const models::Disaggregator&>(*d.model);
        check_fits_shipped(d.entry, household, dis.total_channel(),
                           fmt::format("data.derive.{} (meter {})", d.channel, visible(meter)),
                           false);
        const std::vector<double> estimate = dis.predict(household);
        unit.get_or_add(d.channel).values = hold_onto(household, estimate, unit);
    }
}

}  // namespace heatloop::runner
