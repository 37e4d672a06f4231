#include "io/ingest_series.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/io/ingest.hpp"
#include "heatloop/prep/merge.hpp"
#include "heatloop/prep/resample.hpp"
#include "io/column_map.hpp"
#include "io/problem_log.hpp"

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

Duration native_interval(const std::vector<Timestamp>& time, const std::vector<double>& values) {
    // The first readings tell the interval as well as all of them, at a fraction of the cost.
    constexpr std::size_t k_sample = 4096;
    std::vector<Timestamp> present;
    present.reserve(std::min(time.size(), k_sample));
    for (std::size_t i = 0; i < time.size() && i < values.size() && present.size() < k_sample; ++i)
        if (!is_missing(values[i])) present.push_back(time[i]);
    return median_interval(present, 0);
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

std::size_t hold_after(UnitFrame& series, const std::string& channel, Timestamp last_reading,
                       Duration hold_max) {
    Channel* ch = series.find(channel);
    const Duration step = series.step();
    if (!ch || step <= 0 || series.rows() == 0 || last_reading < series.time().front()) return 0;
    const auto cell = static_cast<std::size_t>((last_reading - series.time().front()) / step);
    if (cell >= series.rows() || is_missing(ch->values[cell])) return 0;
    const auto limit = static_cast<std::size_t>(hold_max / step);
    const double value = ch->values[cell];
    std::size_t filled = 0;
    for (std::size_t i = cell + 1; i < series.rows() && filled < limit; ++i, ++filled) {
        if (!is_missing(ch->values[i])) break;
        ch->values[i] = value;
    }
    if (filled == 0) return 0;
    // The filled cells [from, to) leave the channel's gaps; a gap over them is cut.
    const Timestamp from = series.time()[cell + 1],
                    to = from + static_cast<Duration>(filled) * step;
    std::vector<GapSpan> kept;
    for (GapSpan& g : series.gaps()) {
        if (g.channel != channel || g.end <= from || g.start >= to) {
            kept.push_back(std::move(g));
            continue;
        }
        if (g.start < from) kept.push_back({g.start, from, channel});
        if (g.end > to) kept.push_back({to, g.end, channel});
    }
    series.gaps() = std::move(kept);
    return filled;
}

SeriesWriter::SeriesWriter(Staging& staging, SeriesKind kind, Duration unit_step,
                           Duration ffill_max_gap, FillMode fill, std::string file)
    : staging_(staging),
      kind_(kind),
      unit_step_(unit_step),
      ffill_(ffill_max_gap),
      fill_(fill),
      file_(std::move(file)) {}

namespace {

// Refuses a grid of more than k_max_grid_rows rows from `first` to `last`.
void check_grid(const std::string& file, const std::string& id, Timestamp first, Timestamp last,
                Duration step, std::string_view what) {
    const auto rows = static_cast<std::uint64_t>((last - first) / step) + 1;
    if (rows <= k_max_grid_rows) return;
    throw InvalidInputError(fmt::format(
        "{}: {}: {} {} to {}, {} rows on its {} grid; a series may have at most {} rows "
        "(docs/formats.md \"Limits\"): check the years of the data, or use a coarser grid",
        file.empty() ? "input" : file, visible(id), what, format_iso(first), format_iso(last),
        group_thousands(rows), format_duration(step), group_thousands(k_max_grid_rows)));
}

}  // namespace

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
    // Both the chunk's own grid and the series after the merge must stay within bounds; a
    // cached series may lie decades away from a mistyped file.
    check_grid(file_, key.id, raw.time().front(), raw.time().back(), st.step, "its data spans");
    UnitFrame& series = staging_.checkout(key);
    if (series.rows() > 0)
        check_grid(file_, key.id, std::min(series.time().front(), raw.time().front()),
                   std::max(series.time().back(), raw.time().back()), st.step,
                   "merged with the cached data, the series would span");
    const bool hold = fill_ == FillMode::hold_while_reporting;
    UnitFrame grid = prep::resample(raw, prep::ResampleOptions{st.step, ffill_, hold});
    // Each channel's own interval: one sampled more coarsely than the fill limit (an hourly
    // counter beside minute temperatures) is carried forward over its interval plus the fill
    // limit, so the time between its readings is not a gap.
    // Only a channel sparser than the rows it comes in (at least twice their interval, and
    // from at least 4 readings) has an interval of its own: a unit that reports hourly has
    // gaps between its readings, as before. Data stored on change has no sampling interval
    // (the time between readings is the time between changes): its limit is the hold.
    Duration carry_fill = ffill_;
    const Duration row_interval = median_interval(
        std::vector<Timestamp>(raw.time().begin(),
                               raw.time().begin() + static_cast<std::ptrdiff_t>(
                                                        std::min<std::size_t>(raw.rows(), 4096))),
        0);
    for (const Channel& ch : raw.channels()) {
        const Duration native = native_interval(raw.time(), ch.values);
        if (native <= 0) continue;
        staging_.note_native_interval(key, ch.name, native);
        if (fill_ != FillMode::forward || native <= ffill_ || native <= st.step ||
            native < 2 * row_interval || count_present(ch.values) < 4)
            continue;
        const Duration fill = native + ffill_;
        carry_fill = std::max(carry_fill, fill);
        UnitFrame one(key.id);
        one.time() = raw.time();
        one.channels().push_back(ch);
        UnitFrame own = prep::resample(one, prep::ResampleOptions{st.step, fill, false});
        Channel* target = grid.find(ch.name);
        if (!target || own.rows() != grid.rows() || own.channels().empty()) continue;
        target->values = std::move(own.channels().front().values);
        auto& gaps = grid.gaps();
        gaps.erase(std::remove_if(gaps.begin(), gaps.end(),
                                  [&](const GapSpan& g) { return g.channel == ch.name; }),
                   gaps.end());
        for (GapSpan& g : own.gaps()) gaps.push_back(std::move(g));
    }
    if (fill_ == FillMode::on_change) {
        auto& last = last_readings_[key.id];
        for (const Channel& ch : raw.channels())
            for (std::size_t i = raw.rows(); i-- > 0;)
                if (!is_missing(ch.values[i])) {
                    auto [at, fresh_channel] = last.try_emplace(ch.name, raw.time()[i]);
                    if (!fresh_channel) at->second = std::max(at->second, raw.time()[i]);
                    break;
                }
    }
    grid.set_unit_id(key.id);
    st.carry = Carry::after(raw, grid, carry_fill, hold);
    prep::merge_onto(staging_.checkout(key), grid);
    ids_.insert(key.id);
}

}  // namespace heatloop::io
