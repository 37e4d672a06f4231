// Wide telemetry: timestamp,unit_id,<channel>,... (one row per unit and time). Without a
// unit column the file holds one unit, named by ReadOptions::signal_unit or the file name.
#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "io/dense_reader.hpp"

namespace heatloop::io {

void read_wide(ReadContext& ctx) {
    DenseLayout layout;
    layout.time_col = ctx.require(Role::time, "timestamp");
    int unit = ctx.optional_column(Role::unit, "unit_id");
    int location = ctx.optional_column(Role::location, "location");
    // A location column is the key only when there is no unit column; otherwise it is
    // descriptive and not a channel.
    layout.key_col = unit >= 0 ? unit : location;
    layout.key_name = unit >= 0 ? "unit_id" : "location";
    if (layout.key_col < 0) layout.fixed_unit = unit_from_file_name(ctx, false);
    for (std::size_t i = 0; i < ctx.header.columns.size(); ++i) {
        const Column& c = ctx.header.columns[i];
        if (c.role == Role::time || c.role == Role::unit || c.role == Role::location ||
            c.role == Role::dropped)
            continue;
        add_channel(ctx, layout, i, c.name);
    }
    if (layout.cols.empty())
        throw InvalidInputError(
            fmt::format("{}: a wide file needs at least one channel column "
                        "besides timestamp and unit_id; the header has: {}",
                        ctx.file(), ctx.header.names()));
    read_dense(ctx, layout);
}

}  // namespace heatloop::io
