#include "heatloop/io/workspace.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "heatloop/io/frame_file.hpp"
#include "heatloop/io/read.hpp"
#include "io/workspace_manifest.hpp"

namespace heatloop::io {

namespace fs = std::filesystem;

namespace {

// "a, b, c" listing at most 20 keys of a map, for not-found messages.
template <class Map>
std::string list_keys(const Map& m) {
    if (m.empty()) return "none";
    std::string out;
    std::size_t n = 0;
    for (const auto& [key, value] : m) {
        if (n == 20) return out + fmt::format(", ... ({} in all)", m.size());
        out += (n++ ? ", " : "") + key;
    }
    return out;
}

template <class Map>
std::vector<std::string> keys(const Map& m) {
    std::vector<std::string> out;
    out.reserve(m.size());
    for (const auto& [key, value] : m) out.push_back(key);
    return out;
}

template <class Map>
const auto& find_or_throw(const Map& m, const std::string& id, std::string_view what,
                          std::string_view plural, const fs::path& root) {
    auto it = m.find(id);
    if (it == m.end())
        throw NotFoundError(fmt::format("{} '{}' is not in workspace {} ({}: {})", what, id,
                                        root.string(), plural, list_keys(m)));
    return it->second;
}

}  // namespace

Workspace::Workspace(fs::path root) : root_(std::move(root)) {}

bool Workspace::is_workspace(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return false;
    return fs::is_directory(root / "data", ec) || fs::exists(root / "heatloop.db", ec);
}

Workspace Workspace::open(const fs::path& root) {
    std::error_code ec;
    if (!fs::exists(root, ec))
        throw NotFoundError(
            fmt::format("workspace {} does not exist (create one with "
                        "`heatloop ingest FILE... --workspace {}`)",
                        root.string(), root.string()));
    if (!is_workspace(root))
        throw NotFoundError(
            fmt::format("{} is not a heatloop workspace (no data/ or "
                        "heatloop.db in it)",
                        root.string()));
    Workspace ws(root);
    ws.reload();
    return ws;
}

Workspace Workspace::open_or_create(const fs::path& root) {
    std::error_code ec;
    for (const fs::path& dir : {root, root / "data", root / "artifacts"}) {
        fs::create_directories(dir, ec);
        if (ec)
            throw IoError(fmt::format("cannot create workspace directory {}: {}", dir.string(),
                                      ec.message()));
    }
    return open(root);
}

void Workspace::reload() {
    manifest_ = read_manifest(manifest_path());
}

std::vector<UnitInfo> Workspace::units() const {
    std::vector<UnitInfo> out;
    out.reserve(manifest_.units.size());
    for (const auto& [id, u] : manifest_.units) out.push_back(u.info);
    return out;
}

std::vector<std::string> Workspace::unit_ids() const {
    return keys(manifest_.units);
}

bool Workspace::has_unit(std::string_view unit_id) const {
    return manifest_.units.find(std::string(unit_id)) != manifest_.units.end();
}

const UnitEntry& Workspace::unit(const std::string& unit_id) const {
    return find_or_throw(manifest_.units, unit_id, "unit", "units", root_);
}

std::string Workspace::unit_time_zone(const std::string& unit_id) const {
    const auto u = manifest_.units.find(unit_id);
    if (u == manifest_.units.end()) return "UTC";
    const auto tz = u->second.info.extra.find("time_zone");
    return tz != u->second.info.extra.end() && !tz->second.empty() ? tz->second : "UTC";
}

UnitFrame Workspace::load_series(const SeriesSummary& s, const std::string& id) const {
    if (s.file.empty()) {
        UnitFrame empty(id);
        return empty;
    }
    UnitFrame f = read_frame_file(data_dir() / s.file);
    if (f.unit_id() != id)
        throw IoError(
            fmt::format("cache file {} holds '{}', expected '{}'; the workspace is "
                        "inconsistent",
                        (data_dir() / s.file).string(), f.unit_id(), id));
    return f;
}

UnitFrame Workspace::load_unit(const std::string& unit_id) const {
    return load_series(unit(unit_id).data, unit_id);
}

std::vector<GapSpan> Workspace::unit_gaps(const std::string& unit_id) const {
    const SeriesSummary& s = unit(unit_id).data;
    if (s.file.empty()) return {};
    return read_frame_header(data_dir() / s.file).gaps;
}

std::vector<std::string> Workspace::weather_locations() const {
    return keys(manifest_.weather);
}

UnitFrame Workspace::load_weather(const std::string& location) const {
    return load_series(
        find_or_throw(manifest_.weather, location, "weather location", "locations", root_),
        location);
}

std::vector<GapSpan> Workspace::weather_gaps(const std::string& location) const {
    const auto& s =
        find_or_throw(manifest_.weather, location, "weather location", "locations", root_);
    if (s.file.empty()) return {};
    return read_frame_header(data_dir() / s.file).gaps;
}

std::optional<std::string> Workspace::weather_location_for(const std::string& unit_id) const {
    const UnitEntry& u = unit(unit_id);
    if (!u.info.location.empty() && manifest_.weather.count(u.info.location))
        return u.info.location;
    if (manifest_.weather.count(unit_id)) return unit_id;
    return std::nullopt;
}

std::vector<HouseholdInfo> Workspace::households() const {
    std::vector<HouseholdInfo> out;
    out.reserve(manifest_.households.size());
    for (const auto& [id, h] : manifest_.households) out.push_back(h);
    return out;
}

const HouseholdInfo* Workspace::find_household(std::string_view household_id) const {
    auto it = manifest_.households.find(std::string(household_id));
    return it == manifest_.households.end() ? nullptr : &it->second;
}

std::vector<std::string> Workspace::meters_of(const std::string& meter_id) const {
    std::vector<std::string> out;
    auto it = manifest_.meters.find(meter_id);
    if (it == manifest_.meters.end()) return out;
    for (MeterKind m : {MeterKind::total, MeterKind::heat_pump, MeterKind::other})
        for (const ChannelSummary& c : it->second.channels)
            if (c.name == meter_channel(m) && c.present > 0) out.emplace_back(meter_name(m));
    return out;
}

std::vector<std::string> Workspace::meter_ids() const {
    return keys(manifest_.meters);
}

UnitFrame Workspace::load_meter(const std::string& meter_id) const {
    return load_series(find_or_throw(manifest_.meters, meter_id, "meter", "meters", root_),
                       meter_id);
}

std::vector<GapSpan> Workspace::meter_gaps(const std::string& meter_id) const {
    const auto& s = find_or_throw(manifest_.meters, meter_id, "meter", "meters", root_);
    if (s.file.empty()) return {};
    return read_frame_header(data_dir() / s.file).gaps;
}

}  // namespace heatloop::io
