// Smart-meter exports: id,datetime,load, many meters per file. The unit is the meter id and
// the one channel is named for the meter the file holds (ReadOptions::meter: "load" for the
// household total, "load_heat_pump" or "load_other" for a sub-meter), whatever the column is
// called.
#include <fmt/format.h>

#include <cctype>
#include <string_view>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "io/dense_reader.hpp"

namespace heatloop::io {

namespace {

// Whether a (normalised) column name names a power unit: a word "kw" or "w" of its own
// ("load_kw", "load kW", "power_w", "kw"), as in the header "Leistung kW".
bool names_power_unit(std::string_view key) {
    std::size_t start = 0;
    while (start <= key.size()) {
        std::size_t end = start;
        while (end < key.size() && std::isalnum(static_cast<unsigned char>(key[end]))) ++end;
        const std::string_view word = key.substr(start, end - start);
        if (word == "kw" || word == "w") return true;
        start = end + 1;
    }
    return false;
}

}  // namespace

void read_smartmeter(ReadContext& ctx) {
    DenseLayout layout;
    layout.time_col = ctx.require(Role::time, "datetime");
    layout.key_col = static_cast<int>(ctx.require(Role::unit, "id"));
    layout.key_name = "id";
    int load = ctx.optional_column(Role::load, "load");
    const auto& cols = ctx.header.columns;
    const std::size_t kept =
        cols.size() - static_cast<std::size_t>(ctx.header.count(Role::dropped));
    if (load < 0 && kept == 3)  // id,datetime,<anything>: the third column is the load
        for (std::size_t i = 0; i < cols.size(); ++i)
            if (cols[i].role != Role::time && cols[i].role != Role::unit &&
                cols[i].role != Role::dropped)
                load = static_cast<int>(i);
    if (load < 0 || kept != 3)
        throw InvalidInputError(fmt::format(
            "{}: a smartmeter file has three columns, id,datetime,load; the header has: {}",
            ctx.file(), ctx.header.names()));
    const std::string channel(meter_channel(ctx.options.meter));
    add_channel(ctx, layout, static_cast<std::size_t>(load), channel);
    // Energy per interval or power: declared by a unit in the map or --energy-per-interval; a
    // column whose name says kWh (kwh, load_kwh) is ambiguous without either, never guessed.
    const Column& column = ctx.header.columns[static_cast<std::size_t>(load)];
    if (!ctx.conversions.count(channel)) {
        const std::string key = alias_key(column.name);
        if (ctx.options.energy_per_interval && names_power_unit(key))
            throw InvalidInputError(fmt::format(
                "{}: column #{} '{}' says kW or W (power), but --energy-per-interval says it "
                "holds energy per interval; leave the flag out for power, or declare the unit, "
                "e.g. --map \"{}=load:kWh\"",
                ctx.file(), load + 1, visible(column.raw), visible(column.raw)));
        if (ctx.options.energy_per_interval)
            ctx.conversions[channel] = *find_conversion("kWh");
        else if (key.find("kwh") != std::string::npos)
            throw InvalidInputError(fmt::format(
                "{}: column #{} '{}' says kWh: energy per interval or power? heatloop does not "
                "guess: pass --energy-per-interval when each value is the energy of the interval "
                "ending at its timestamp, or declare the unit, e.g. --map \"{}=load:kWh\" (or "
                "\"{}=load:kW\" for power)",
                ctx.file(), load + 1, visible(column.raw), visible(column.raw),
                visible(column.raw)));
    } else if (ctx.options.energy_per_interval && !ctx.conversions[channel].per_interval) {
        throw InvalidInputError(
            fmt::format("{}: column #{} '{}' is declared in {} (power) by the column map, but "
                        "--energy-per-interval says it holds energy per interval; give one",
                        ctx.file(), load + 1, visible(column.raw), ctx.conversions[channel].unit));
    }
    read_dense(ctx, layout);
}

}  // namespace heatloop::io
