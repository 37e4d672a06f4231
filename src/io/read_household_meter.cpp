// The households' meter export: one household per file, energy (or power) of the household
// meter and its sub-meters, and outdoor temperatures. The meters keep their channel names of
// the smartmeter format (load, load_heat_pump, load_other) and the temperatures become
// weather channels; ingest routes the two to the household's meter series and its weather.
// Whether the meter values are energy per interval or power is never guessed: the reader
// refuses the file until --energy-per-interval or a unit in the column map says which.
#include <fmt/format.h>

#include <array>
#include <utility>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "io/dense_reader.hpp"
#include "io/household_meter.hpp"

namespace heatloop::io {

namespace {

constexpr std::array k_meter_columns{
    std::pair<std::string_view, std::string_view>{"kwh_aggregated", "load"},
    std::pair<std::string_view, std::string_view>{"kwh_heat_pump", "load_heat_pump"},
    std::pair<std::string_view, std::string_view>{"kwh_other_appliances", "load_other"},
    std::pair<std::string_view, std::string_view>{"load", "load"},
    std::pair<std::string_view, std::string_view>{"load_heat_pump", "load_heat_pump"},
    std::pair<std::string_view, std::string_view>{"load_other", "load_other"}};

constexpr std::array k_weather_columns{
    std::pair<std::string_view, std::string_view>{"hourly_avgtemp", "t_outdoor"},
    std::pair<std::string_view, std::string_view>{"daily_avgtemp", "t_outdoor_daily_mean"},
    std::pair<std::string_view, std::string_view>{"daily_maxtemp", "t_outdoor_daily_max"},
    std::pair<std::string_view, std::string_view>{"daily_mintemp", "t_outdoor_daily_min"}};

}  // namespace

std::optional<std::string> household_meter_channel(std::string_view mapped_name) {
    const std::string key = alias_key(mapped_name);
    for (const auto& [name, channel] : k_meter_columns)
        if (key == name) return std::string(channel);
    return std::nullopt;
}

std::optional<std::string> household_weather_channel(const Column& column) {
    const std::string key = alias_key(column.name);
    for (const auto& [name, channel] : k_weather_columns)
        if (key == name) return std::string(channel);
    if (column.role == Role::outdoor) return std::string("t_outdoor");
    return std::nullopt;
}

bool is_household_meter_header(const Header& header) {
    if (header.count(Role::time) == 0) return false;
    for (const Column& c : header.columns) {
        if (c.role == Role::dropped) continue;
        // The export's own names (before or after the column map), not the channel names.
        for (const std::string& key : {alias_key(c.name), alias_key(c.raw)})
            for (std::size_t i = 0; i < 3; ++i)
                if (key == k_meter_columns[i].first) return true;
    }
    return false;
}

std::pair<UnitFrame, UnitFrame> split_household_meter_chunk(UnitFrame&& chunk) {
    UnitFrame meters(chunk.unit_id()), weather(chunk.unit_id());
    meters.set_time(chunk.time());
    weather.set_time(std::move(chunk.time()));
    for (Channel& c : chunk.channels())
        (meter_of_channel(c.name) ? meters : weather).channels().push_back(std::move(c));
    return {std::move(meters), std::move(weather)};
}

void read_household_meter(ReadContext& ctx) {
    DenseLayout layout;
    layout.time_col = ctx.require(Role::time, "timestamp");
    const int key = ctx.optional_column(Role::unit, "household id");
    layout.key_col = key;
    layout.key_name = "id";
    if (key < 0) layout.fixed_unit = unit_from_file_name(ctx, false);
    std::vector<std::string> undeclared;  // meter columns without a declared unit
    for (std::size_t i = 0; i < ctx.header.columns.size(); ++i) {
        const Column& c = ctx.header.columns[i];
        if (c.role == Role::time || c.role == Role::unit || c.role == Role::dropped) continue;
        if (auto meter = household_meter_channel(c.name)) {
            add_channel(ctx, layout, i, *meter);
            auto declared = ctx.conversions.find(*meter);
            if (declared == ctx.conversions.end()) {
                if (ctx.options.energy_per_interval)
                    ctx.conversions[*meter] = *find_conversion("kWh");
                else
                    undeclared.push_back(fmt::format("#{} '{}'", i + 1, visible(c.raw)));
            } else if (ctx.options.energy_per_interval && !declared->second.per_interval) {
                throw InvalidInputError(fmt::format(
                    "{}: column #{} '{}' is declared in {} (power) by the column map, but "
                    "--energy-per-interval says the meters hold energy per interval; give one",
                    ctx.file(), i + 1, visible(c.raw), declared->second.unit));
            }
            continue;
        }
        if (auto weather = household_weather_channel(c)) {
            add_channel(ctx, layout, i, *weather);
            continue;
        }
        throw InvalidInputError(fmt::format(
            "{}: column #{} '{}' is neither a meter (kWh_aggregated, kWh_heat_pump, "
            "kWh_other_appliances) nor an outdoor temperature (hourly_avgtemp, daily_avgtemp, "
            "daily_maxtemp, daily_mintemp) of the households' meter format; leave it out with "
            "--drop \"#{}\" or rename it with --map",
            ctx.file(), i + 1, visible(c.raw), i + 1));
    }
    if (!undeclared.empty())
        throw InvalidInputError(fmt::format(
            "{}: the meter column(s) {} may hold energy per interval or power, and heatloop "
            "does not guess: pass --energy-per-interval when each value is the energy (kWh) "
            "of the interval ending at its timestamp, or declare a unit per column, e.g. "
            "--map \"kWh_aggregated=load:kWh\" or --map \"kWh_aggregated=load:kW\"",
            ctx.file(), fmt::join(undeclared, ", ")));
    read_dense(ctx, layout);
}

}  // namespace heatloop::io
