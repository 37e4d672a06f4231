#include "io/detect_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "io/household_meter.hpp"
#include "io/problem_log.hpp"

namespace heatloop::io {

namespace {

struct Alias {
    std::string_view key;
    Role role;
};

// Header aliases, matched on alias_key() of the mapped name.
constexpr std::array k_aliases{
    Alias{"timestamp", Role::time},
    Alias{"time", Role::time},
    Alias{"datetime", Role::time},
    Alias{"date_time", Role::time},
    Alias{"date", Role::time},
    Alias{"ts", Role::time},
    Alias{"time_stamp", Role::time},
    Alias{"timestamp_utc", Role::time},
    Alias{"time_utc", Role::time},
    Alias{"datetime_utc", Role::time},
    Alias{"unit_id", Role::unit},
    Alias{"unit", Role::unit},
    Alias{"unitid", Role::unit},
    Alias{"id", Role::unit},
    Alias{"device", Role::unit},
    Alias{"device_id", Role::unit},
    Alias{"customer_id", Role::unit},
    Alias{"meter_id", Role::unit},
    Alias{"meter", Role::unit},
    Alias{"installation_id", Role::unit},
    Alias{"system_id", Role::unit},
    Alias{"heat_pump_id", Role::unit},
    Alias{"location", Role::location},
    Alias{"location_or_unit", Role::location},
    Alias{"location_id", Role::location},
    Alias{"site", Role::location},
    Alias{"site_id", Role::location},
    Alias{"station", Role::location},
    Alias{"station_id", Role::location},
    Alias{"channel", Role::channel},
    Alias{"signal", Role::channel},
    Alias{"sensor", Role::channel},
    Alias{"variable", Role::channel},
    Alias{"channel_name", Role::channel},
    Alias{"value", Role::value},
    Alias{"reading", Role::value},
    Alias{"load", Role::load},
    Alias{"load_kw", Role::load},
    Alias{"load_kwh", Role::load},
    Alias{"kwh", Role::load},
    Alias{"kw", Role::load},
    Alias{"consumption", Role::load},
    Alias{"type", Role::type},
    Alias{"hp_type", Role::type},
    Alias{"heat_pump_type", Role::type},
    Alias{"unit_type", Role::type},
    Alias{"outdoor_temp", Role::outdoor},
    Alias{"outdoor_temperature", Role::outdoor},
    Alias{"t_outdoor", Role::outdoor},
    Alias{"temperature", Role::outdoor},
    Alias{"temp", Role::outdoor},
    Alias{"air_temperature", Role::outdoor},
    Alias{"t_out", Role::outdoor},
    Alias{"solar_radiation", Role::weather},
    Alias{"ghi", Role::weather},
    Alias{"irradiance", Role::weather},
    Alias{"global_radiation", Role::weather},
    Alias{"humidity", Role::weather},
    Alias{"relative_humidity", Role::weather},
    Alias{"wind_speed", Role::weather},
    Alias{"precipitation", Role::weather},
    Alias{"pressure", Role::weather},
    Alias{"cloud_cover", Role::weather},
    Alias{"household_id", Role::household},
    Alias{"household", Role::household},
    Alias{"home_id", Role::household},
    Alias{"house_id", Role::household},
    Alias{"has_heat_pump", Role::has_heat_pump},
    Alias{"has_hp", Role::has_heat_pump},
    Alias{"heat_pump_installed", Role::has_heat_pump},
    Alias{"hp_installed", Role::has_heat_pump},
};

Role role_of(std::string_view mapped_name) {
    std::string key = alias_key(mapped_name);
    for (const Alias& a : k_aliases)
        if (a.key == key) return a.role;
    return Role::data;
}

bool is_weather_column(const Column& c) {
    return c.role == Role::outdoor || c.role == Role::weather;
}

}  // namespace

int Header::count(Role role) const noexcept {
    return static_cast<int>(std::count_if(columns.begin(), columns.end(),
                                          [&](const Column& c) { return c.role == role; }));
}

int Header::find(Role role) const noexcept {
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i].role == role) return static_cast<int>(i);
    return -1;
}

std::string Header::names() const {
    std::string out;
    for (const Column& c : columns) {
        if (!out.empty()) out += ", ";
        out += visible(c.raw);
    }
    return out;
}

Header analyze_header(const std::vector<std::string>& raw, const ColumnMapper& mapper,
                      std::string_view file) {
    Header h;
    h.columns.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const std::string& r = raw[i];
        if (auto bad = invalid_utf8_at(r))
            throw InvalidInputError(fmt::format(
                "{}: header column {}: the name {} is not valid UTF-8 (byte {}); save the file "
                "as UTF-8",
                file, i + 1, quote_field(visible(r)), *bad + 1));
        if (r.size() > k_max_name_bytes)
            throw InvalidInputError(
                fmt::format("{}: header column {}: the name is {} bytes long; the limit is {}",
                            file, i + 1, r.size(), k_max_name_bytes));
        Column c;
        c.raw = r;
        const int pos = static_cast<int>(i);
        c.name = mapper.channel_name(r, pos);
        c.role = mapper.dropped(r, pos) ? Role::dropped : role_of(c.name);
        h.columns.push_back(std::move(c));
    }
    if (mapper.max_position() > raw.size())
        throw InvalidInputError(
            fmt::format("{}: --map/--drop name column #{}, but the header has {} columns: {}", file,
                        mapper.max_position(), raw.size(), h.names()));
    return h;
}

std::string accepted_formats() {
    return "  wide:       timestamp,unit_id,<channel>,... (or timestamp,<channel>,... for one "
           "unit)\n"
           "  long:       unit_id,timestamp,channel,value\n"
           "  smartmeter: id,datetime,load\n"
           "  weather:    timestamp,location,outdoor_temp[,solar_radiation,...]\n"
           "  units:      unit_id,type,location,...\n"
           "  households: household_id,has_heat_pump,heat_pump_type,unit_id,location,... (or "
           "id,has_heat_pump,...)\n"
           "  signal:     timestamp,value (one signal per file, named <unit>__<channel>.csv)\n"
           "  household_meter: timestamp,kWh_aggregated,kWh_heat_pump,kWh_other_appliances,"
           "hourly_avgtemp,... (one household per file, named <household>.csv)";
}

InputFormat detect_format(const Header& h, std::string_view file) {
    const int n = static_cast<int>(h.columns.size()) - h.count(Role::dropped);
    const bool time = h.count(Role::time) > 0;
    const bool unit = h.count(Role::unit) > 0;
    const bool location = h.count(Role::location) > 0;
    // A has_heat_pump or household_id column makes metadata household metadata, never
    // heat-pump units (a household's unit_id column links it to its unit).
    if (!time && (h.count(Role::household) > 0 || h.count(Role::has_heat_pump) > 0) && n >= 2)
        return InputFormat::households;
    if (!time && (unit || location) && n >= 2) return InputFormat::units;
    if (time) {
        if ((unit || location) && h.count(Role::channel) > 0 && h.count(Role::value) > 0)
            return InputFormat::long_form;
        const int keys = h.count(Role::time) + h.count(Role::unit) + h.count(Role::location);
        // (n already leaves out dropped columns)
        const int others = n - keys;
        const bool all_weather =
            others > 0 && std::all_of(h.columns.begin(), h.columns.end(), [](const Column& c) {
                return c.role == Role::time || c.role == Role::unit || c.role == Role::location ||
                       c.role == Role::dropped || is_weather_column(c);
            });
        if (location && h.count(Role::outdoor) > 0 && all_weather) return InputFormat::weather;
        if (is_household_meter_header(h)) return InputFormat::household_meter;
        if (unit && others == 1 && h.count(Role::load) == 1) return InputFormat::smartmeter;
        // Unit-keyed weather needs an explicit outdoor_temp-like name: a wide file with only
        // t_outdoor is sensor data.
        if (unit && all_weather && h.count(Role::outdoor) > 0 &&
            h.columns[static_cast<size_t>(h.find(Role::outdoor))].name != "t_outdoor")
            return InputFormat::weather;
        if (!unit && !location && others == 1) return InputFormat::signal;
        if (others >= 1) return InputFormat::wide;
    }
    throw InvalidInputError(
        fmt::format("{}: unrecognised header ({}); accepted formats (header names are matched "
                    "case-insensitively, with aliases; --map renames vendor columns):\n{}",
                    file, h.names(), accepted_formats()));
}

}  // namespace heatloop::io
