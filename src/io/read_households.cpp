// Household metadata (the smart-meter job): household_id,has_heat_pump,heat_pump_type,unit_id,
// location,... The simulator writes id,has_heat_pump,location,... Rows land in
// ReadSummary::households, never among the units; the sink is not called.
#include <fmt/format.h>

#include <unordered_map>

#include "heatloop/core/error.hpp"
#include "io/metadata_rows.hpp"
#include "io/read_context.hpp"

namespace heatloop::io {

namespace {

// The column naming the household: a household_id-like column, else an id-like one (id,
// customer_id, meter_id, ...) that is not a unit_id (a unit_id column links the household to
// its heat-pump unit).
bool is_unit_link(const Column& c) {
    const std::string key = alias_key(c.name);
    return key == "unit_id" || key == "unit" || key == "unitid";
}

int household_column(const ReadContext& ctx) {
    if (int col = ctx.optional_column(Role::household, "household_id"); col >= 0) return col;
    const auto& cols = ctx.header.columns;
    for (std::size_t i = 0; i < cols.size(); ++i)
        if (cols[i].role == Role::unit && !is_unit_link(cols[i])) return static_cast<int>(i);
    throw InvalidInputError(
        fmt::format("{}: a households file needs a household_id (or id) column; the header has: "
                    "{}",
                    ctx.file(), ctx.header.names()));
}

int unit_link_column(const ReadContext& ctx) {
    const auto& cols = ctx.header.columns;
    int found = -1;
    for (std::size_t i = 0; i < cols.size(); ++i) {
        if (cols[i].role != Role::unit || !is_unit_link(cols[i])) continue;
        if (found >= 0)
            throw InvalidInputError(fmt::format("{}: several unit_id columns ({}, {})", ctx.file(),
                                                cols[static_cast<std::size_t>(found)].raw,
                                                cols[i].raw));
        found = static_cast<int>(i);
    }
    return found;
}

// 1/0, true/false, yes/no in any case; empty is unknown (nullopt with ok set).
std::optional<bool> parse_bool(std::string_view text, bool& ok) {
    ok = true;
    const std::string key = lower_trim(text);
    if (key.empty()) return std::nullopt;
    if (key == "1" || key == "true" || key == "yes") return true;
    if (key == "0" || key == "false" || key == "no") return false;
    ok = false;
    return std::nullopt;
}

}  // namespace

void read_households(ReadContext& ctx) {
    const int id_col = household_column(ctx);
    const int unit_col = unit_link_column(ctx);
    const int hp_col = ctx.optional_column(Role::has_heat_pump, "has_heat_pump");
    const int type_col = ctx.optional_column(Role::type, "heat_pump_type");
    const int location_col = ctx.optional_column(Role::location, "location");
    const auto& cols = ctx.header.columns;
    const std::size_t ncols = cols.size();
    auto at = [](int col) { return static_cast<std::size_t>(col); };

    MetadataRows records(ctx, ctx.summary.households, "household");
    CsvReader& csv = ctx.csv;
    RowContext row = ctx.rows();
    while (csv.next()) {
        ++ctx.summary.rows;
        if (!row.check_record(ncols)) continue;
        std::string_view id;
        if (!row.key(at(id_col), "household_id", id)) continue;
        const auto& f = csv.fields();
        HouseholdInfo info;
        info.household_id = std::string(id);
        if (hp_col >= 0) {
            bool ok = true;
            info.has_heat_pump = parse_bool(f[at(hp_col)], ok);
            if (!ok) {
                ctx.problems.add(csv.line(), hp_col + 1, [&] {
                    return fmt::format(
                        "household {}: has_heat_pump: expected a boolean 0/1/true/false (or "
                        "empty for unknown), got {}",
                        info.household_id, quote_field(f[at(hp_col)]));
                });
                continue;
            }
        }
        if (type_col >= 0) info.heat_pump_type = std::string(f[at(type_col)]);
        if (unit_col >= 0) info.unit_id = std::string(f[at(unit_col)]);
        if (location_col >= 0) info.location = std::string(f[at(location_col)]);
        // A heat-pump type or unit on a household said to have no heat pump contradicts it.
        if (info.has_heat_pump == false &&
            (!info.heat_pump_type.empty() || !info.unit_id.empty())) {
            const int col = !info.heat_pump_type.empty() ? type_col : unit_col;
            ctx.problems.add(csv.line(), col + 1, [&] {
                return fmt::format("household {}: has_heat_pump is false but {} is '{}'",
                                   info.household_id,
                                   col == type_col ? "heat_pump_type" : "unit_id",
                                   col == type_col ? info.heat_pump_type : info.unit_id);
            });
            continue;
        }
        for (std::size_t i = 0; i < ncols; ++i) {
            const int c = static_cast<int>(i);
            if (c != id_col && c != unit_col && c != hp_col && c != type_col && c != location_col &&
                cols[i].role != Role::dropped)
                info.extra.emplace(cols[i].name, std::string(f[i]));
        }

        records.add(info.household_id, std::move(info), id_col + 1);
    }
}

}  // namespace heatloop::io
