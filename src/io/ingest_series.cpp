#include "io/ingest_series.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "heatloop/prep/merge.hpp"
#include "heatloop/prep/resample.hpp"
#include "io/column_map.hpp"

namespace heatloop::io {

UnitFrame Carry::prepend(UnitFrame&& chunk) const {
    if (!any || obs.empty() || chunk.rows() == 0 || chunk.time().front() <= last)
        return std::move(chunk);
    std::vector<Timestamp> lead;
    for (const auto& [t, name, v] : obs) lead.push_back(t);
    std::sort(lead.begin(), lead.end());
    lead.erase(std::unique(lead.begin(), lead.end()), lead.end());
    const std::size_t k = lead.size();

    UnitFrame out(chunk.unit_id());
    std::vector<Timestamp> time = lead;
    time.insert(time.end(), chunk.time().begin(), chunk.time().end());
    out.set_time(std::move(time));
    for (const Channel& c : chunk.channels()) {
        Channel& oc = out.get_or_add(c.name);
        std::copy(c.values.begin(), c.values.end(),
                  oc.values.begin() + static_cast<std::ptrdiff_t>(k));
    }
    for (const auto& [t, name, v] : obs) {
        const auto i =
            static_cast<std::size_t>(std::lower_bound(lead.begin(), lead.end(), t) - lead.begin());
        out.get_or_add(name).values[i] = v;
    }
    return out;
}

Carry Carry::after(const UnitFrame& raw, const UnitFrame& grid, Duration ffill_max_gap, bool hold) {
    Carry c;
    if (raw.rows() == 0 || grid.rows() == 0) return c;
    c.any = true;
    c.last = raw.time().back();
    if (hold) {
        // The hold lives as long as the unit reports, so re-observe every channel's value as
        // of the last report (a row with any value; trailing empty rows are not reports):
        // the grid cell of that report holds each value, observed or held.
        std::size_t r = raw.rows();
        auto reported = [&](std::size_t i) {
            for (const Channel& ch : raw.channels())
                if (!is_missing(ch.values[i])) return true;
            return false;
        };
        while (r > 0 && !reported(r - 1)) --r;
        if (r == 0) return c;
        const Timestamp t = raw.time()[r - 1];
        const auto cell = static_cast<std::size_t>((t - grid.time().front()) / grid.step());
        for (const Channel& ch : grid.channels())
            if (!is_missing(ch.values[cell])) c.obs.emplace_back(t, ch.name, ch.values[cell]);
        return c;
    }
    // Plain forward fill: only observations within one fill span (plus a cell) of the end
    // can still fill cells after it.
    const Timestamp from = c.last - ffill_max_gap - grid.step();
    for (const Channel& ch : raw.channels()) {
        for (std::size_t i = raw.rows(); i-- > 0 && raw.time()[i] >= from;) {
            if (is_missing(ch.values[i])) continue;
            c.obs.emplace_back(raw.time()[i], ch.name, ch.values[i]);
            break;
        }
    }
    return c;
}

Duration median_interval(const std::vector<Timestamp>& time, Duration fallback) {
    std::vector<Duration> diffs;
    diffs.reserve(time.size());
    for (std::size_t i = 1; i < time.size(); ++i)
        if (time[i] > time[i - 1]) diffs.push_back(time[i] - time[i - 1]);
    if (diffs.empty()) return fallback;
    // The lower median: with two intervals (one reading missing) the regular one wins.
    auto mid = diffs.begin() + static_cast<std::ptrdiff_t>((diffs.size() - 1) / 2);
    std::nth_element(diffs.begin(), mid, diffs.end());
    Duration d = *mid;
    if (d >= k_second_ms) d = (d + k_second_ms / 2) / k_second_ms * k_second_ms;
    return d;
}

void standardize_weather_channels(UnitFrame& frame) {
    struct Alias {
        std::string_view key, standard;
    };
    static constexpr std::array k_aliases{
        Alias{"outdoor_temp", "t_outdoor"},
        Alias{"outdoor_temperature", "t_outdoor"},
        Alias{"temperature", "t_outdoor"},
        Alias{"temp", "t_outdoor"},
        Alias{"air_temperature", "t_outdoor"},
        Alias{"t_out", "t_outdoor"},
        Alias{"ghi", "solar_radiation"},
        Alias{"irradiance", "solar_radiation"},
        Alias{"global_radiation", "solar_radiation"},
    };
    for (Channel& c : frame.channels()) {
        const std::string key = alias_key(c.name);
        for (const Alias& a : k_aliases)
            if (key == a.key && frame.find(a.standard) == nullptr) c.name = std::string(a.standard);
    }
}

SeriesWriter::SeriesWriter(Staging& staging, SeriesKind kind, Duration unit_step,
                           Duration ffill_max_gap, bool hold)
    : staging_(staging), kind_(kind), unit_step_(unit_step), ffill_(ffill_max_gap), hold_(hold) {}

void SeriesWriter::add(UnitFrame&& chunk) {
    // A column with no value for this unit is a sensor it does not have (a fleet file with
    // brine columns also lists air-source units), not a channel missing all the time.
    auto& channels = chunk.channels();
    channels.erase(std::remove_if(channels.begin(), channels.end(),
                                  [](const Channel& c) { return count_present(c.values) == 0; }),
                   channels.end());
    if (chunk.rows() == 0 || channels.empty()) return;
    if (kind_ == SeriesKind::weather) standardize_weather_channels(chunk);
    const SeriesKey key{kind_, chunk.unit_id()};
    auto [it, fresh] = states_.try_emplace(key.id);
    State& st = it->second;
    if (fresh) {
        st.step = unit_step_;
        if (kind_ != SeriesKind::unit)
            st.step = staging_.step_of(key).value_or(median_interval(chunk.time(), unit_step_));
    }
    const UnitFrame raw = st.carry.prepend(std::move(chunk));
    UnitFrame grid = prep::resample(raw, prep::ResampleOptions{st.step, ffill_, hold_});
    grid.set_unit_id(key.id);
    st.carry = Carry::after(raw, grid, ffill_, hold_);
    prep::merge_onto(staging_.checkout(key), grid);
    ids_.insert(key.id);
}

}  // namespace heatloop::io
