// The JSON `heatloop inspect` prints (and the server can serve): built from the manifest
// summaries plus the gap lists from the frame-file headers, never from the data itself.

#include <nlohmann/json.hpp>

#include "heatloop/io/workspace.hpp"

namespace heatloop::io {

namespace {

using nlohmann::json;

json number_or_null(double v) {
    return is_missing(v) ? json(nullptr) : json(v);
}
json time_or_null(const SeriesSummary& s, Timestamp t) {
    return s.rows ? json(format_iso(t)) : json(nullptr);
}
double seconds(Duration d) {
    return static_cast<double>(d) / 1000.0;
}

json gap_json(const GapSpan& g, bool with_channel) {
    json j = {{"start", format_iso(g.start)},
              {"end", format_iso(g.end)},
              {"duration_s", seconds(g.end - g.start)}};
    if (with_channel) j["channel"] = g.channel;
    return j;
}

// Span, coverage, channels and gaps of a series; `detail` adds each channel's gap list.
json series_json(const SeriesSummary& s, const std::vector<GapSpan>& gaps, bool detail) {
    json channels = json::array();
    for (const ChannelSummary& c : s.channels) {
        json cj = {
            {"name", c.name},
            {"present", c.present},
            {"coverage",
             s.rows ? static_cast<double>(c.present) / static_cast<double>(s.rows) : 0.0},
            {"min", number_or_null(c.min)},
            {"mean", number_or_null(c.mean)},
            {"max", number_or_null(c.max)},
            {"gap_count", c.gaps},
            {"gap_duration_s", seconds(c.gap_duration)},
            {"native_interval",
             c.native_interval > 0 ? json(format_duration(c.native_interval)) : json(nullptr)}};
        if (detail) {
            json list = json::array();
            for (const GapSpan& g : gaps)
                if (g.channel == c.name || g.channel.empty()) list.push_back(gap_json(g, false));
            cj["gaps"] = std::move(list);
        }
        channels.push_back(std::move(cj));
    }
    json gap_list = json::array();
    for (const GapSpan& g : gaps) gap_list.push_back(gap_json(g, true));
    return {{"start", time_or_null(s, s.start)},
            {"end", time_or_null(s, s.end())},
            {"step", s.step > 0 ? json(format_duration(s.step)) : json(nullptr)},
            {"rows", s.rows},
            {"coverage", s.coverage()},
            {"gap_count", s.gap_count()},
            {"gap_duration_s", seconds(s.gap_duration())},
            {"channels", std::move(channels)},
            {"gaps", std::move(gap_list)}};
}

json unit_json(const Workspace& ws, const UnitEntry& u, bool detail) {
    json j = {{"unit_id", u.info.unit_id},
              {"type", u.info.type},
              {"location", u.info.location},
              {"has_metadata", u.has_metadata},
              {"extra", u.info.extra}};
    j.update(series_json(u.data, ws.unit_gaps(u.info.unit_id), detail));
    if (j["step"].is_null() && ws.step() > 0) j["step"] = format_duration(ws.step());
    const auto loc = ws.weather_location_for(u.info.unit_id);
    j["weather_location"] = loc ? json(*loc) : json(nullptr);
    return j;
}

json weather_json(const Workspace& ws, const std::string& location, bool detail) {
    json j = {{"location", location}};
    j.update(series_json(ws.manifest().weather.at(location), ws.weather_gaps(location), detail));
    return j;
}

// A household with the meters its series holds ("total", "heat_pump", "other").
json household_json(const Workspace& ws, const HouseholdInfo& h) {
    return {{"household_id", h.household_id},
            {"has_heat_pump", h.has_heat_pump ? json(*h.has_heat_pump) : json(nullptr)},
            {"heat_pump_type", h.heat_pump_type},
            {"unit_id", h.unit_id.empty() ? json(nullptr) : json(h.unit_id)},
            {"location", h.location},
            {"extra", h.extra},
            {"meters", ws.meters_of(h.household_id)}};
}

json household_counts(const Manifest& m) {
    std::size_t with = 0, without = 0, unknown = 0;
    for (const auto& [id, h] : m.households) {
        if (!h.has_heat_pump)
            ++unknown;
        else if (*h.has_heat_pump)
            ++with;
        else
            ++without;
    }
    return {{"total", m.households.size()},
            {"with_heat_pump", with},
            {"without_heat_pump", without},
            {"unknown", unknown}};
}

json header_json(const Workspace& ws) {
    const Manifest& m = ws.manifest();
    return {{"workspace", ws.root().string()},
            {"format_version", m.format_version},
            {"step", m.step > 0 ? json(format_duration(m.step)) : json(nullptr)},
            {"ffill_max_gap", m.step > 0 ? json(format_duration(m.ffill_max_gap)) : json(nullptr)}};
}

}  // namespace

json describe_workspace(const Workspace& ws) {
    const Manifest& m = ws.manifest();
    json j = header_json(ws);
    json units = json::array(), weather = json::array(), meters = json::array(),
         files = json::array();
    for (const auto& [id, u] : m.units) units.push_back(unit_json(ws, u, false));
    for (const auto& [loc, s] : m.weather) weather.push_back(weather_json(ws, loc, false));
    for (const auto& [id, s] : m.meters) {
        json mj = {{"meter_id", id}, {"meters", ws.meters_of(id)}};
        mj.update(series_json(s, ws.meter_gaps(id), false));
        meters.push_back(std::move(mj));
    }
    for (const IngestedFile& f : m.files) {
        json fj = {{"name", f.name},     {"sha256", f.sha256}, {"size", f.size},
                   {"format", f.format}, {"rows", f.rows},     {"ingested_at", f.ingested_at}};
        if (!f.meter.empty()) fj["meter"] = f.meter;
        files.push_back(std::move(fj));
    }
    j["units"] = std::move(units);
    j["weather"] = std::move(weather);
    j["meters"] = std::move(meters);
    json households = json::array();
    for (const auto& [id, h] : m.households) households.push_back(household_json(ws, h));
    j["households"] = std::move(households);
    j["household_counts"] = household_counts(m);
    j["files"] = std::move(files);
    return j;
}

json describe_unit(const Workspace& ws, const std::string& unit_id) {
    const UnitEntry& u = ws.unit(unit_id);  // NotFoundError listing the units
    json j = header_json(ws);
    j["units"] = json::array({unit_json(ws, u, true)});
    json weather = json::array();
    if (const auto loc = ws.weather_location_for(unit_id))
        weather.push_back(weather_json(ws, *loc, false));
    j["weather"] = std::move(weather);
    return j;
}

}  // namespace heatloop::io
