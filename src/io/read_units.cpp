// Unit metadata: unit_id,type,location,... Further columns go to UnitInfo::extra under their
// header name. Rows land in ReadSummary::units; the sink is not called.
#include <fmt/format.h>

#include <unordered_map>

#include "heatloop/core/error.hpp"
#include "io/metadata_rows.hpp"
#include "io/read_context.hpp"

namespace heatloop::io {

void read_units(ReadContext& ctx) {
    const std::size_t unit_col = ctx.require(Role::unit, "unit_id");
    const int type_col = ctx.optional_column(Role::type, "type");
    const int location_col = ctx.optional_column(Role::location, "location");
    const auto& cols = ctx.header.columns;
    const std::size_t ncols = cols.size();

    MetadataRows records(ctx, ctx.summary.units, "unit");
    CsvReader& csv = ctx.csv;
    RowContext row = ctx.rows();
    while (csv.next()) {
        ++ctx.summary.rows;
        if (!row.check_record(ncols)) continue;
        std::string_view id;
        if (!row.key(unit_col, "unit_id", id)) continue;
        const auto& f = csv.fields();
        UnitInfo info;
        info.unit_id = std::string(id);
        if (type_col >= 0) info.type = std::string(f[static_cast<std::size_t>(type_col)]);
        if (location_col >= 0)
            info.location = std::string(f[static_cast<std::size_t>(location_col)]);
        for (std::size_t i = 0; i < ncols; ++i)
            if (i != unit_col && static_cast<int>(i) != type_col &&
                static_cast<int>(i) != location_col && cols[i].role != Role::dropped)
                info.extra.emplace(cols[i].name, std::string(f[i]));

        records.add(info.unit_id, std::move(info), static_cast<long>(unit_col + 1));
    }
}

}  // namespace heatloop::io
