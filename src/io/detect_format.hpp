#pragma once
/// Reading a header: what each column is for, and which input format the header fits.

#include <string>
#include <string_view>
#include <vector>

#include "heatloop/io/read.hpp"
#include "io/column_map.hpp"

namespace heatloop::io {

/// What a header column is for, from its (mapped) name and the aliases of DESIGN.md.
enum class Role {
    time,           ///< timestamp, time, datetime, date, ts, ...
    unit,           ///< unit_id, unit, id, device, customer_id, meter_id, ...
    location,       ///< location, location_or_unit, site, station, ...
    channel,        ///< long format: channel, signal, sensor, variable, ...
    value,          ///< long format: value, reading, ...
    load,           ///< smart meter: load, load_kw, kwh, consumption, ...
    type,           ///< unit metadata: type, hp_type, heat_pump_type, ...
    outdoor,        ///< weather: outdoor_temp, outdoor_temperature, temperature, t_outdoor, ...
    weather,        ///< weather: solar_radiation, ghi, humidity, wind_speed, ...
    household,      ///< households: household_id, household, home_id, house_id
    has_heat_pump,  ///< households: has_heat_pump, has_hp, heat_pump_installed, ...
    data,           ///< anything else: a channel (wide) or an extra field (units)
    dropped,        ///< left out with ReadOptions::drop
};

/// One header column.
struct Column {
    std::string raw;   ///< header text, trimmed and unquoted (shown with visible())
    std::string name;  ///< after ReadOptions::column_map and standard channel spelling
    Role role = Role::data;
};

/// A header with the role of each column.
struct Header {
    std::vector<Column> columns;

    /// Number of columns with `role`.
    int count(Role role) const noexcept;
    /// Index of the first column with `role`, or -1.
    int find(Role role) const noexcept;
    /// The raw names joined by ", " (invisible characters shown, heatloop::visible), for
    /// messages.
    std::string names() const;
};

/// Classifies the raw header fields (the column map applies first, so a vendor name can be
/// mapped onto "timestamp" or "unit_id" as well as onto a channel). Throws InvalidInputError
/// naming `file` for a header name that is not UTF-8 or longer than k_max_name_bytes, and
/// for a "#N" mapping or drop beyond the header.
Header analyze_header(const std::vector<std::string>& raw, const ColumnMapper& mapper,
                      std::string_view file = "input");

/// The format a header fits. Throws InvalidInputError naming the file and the header and
/// listing the accepted formats when it fits none.
InputFormat detect_format(const Header& header, std::string_view file);

/// The accepted formats, one per line, for error messages.
std::string accepted_formats();

}  // namespace heatloop::io
