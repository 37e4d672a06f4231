// Weather: timestamp,location_or_unit,outdoor_temp[,solar_radiation,...]. The "unit" of a
// weather frame is the location (or the unit, when the key column is a unit id).
#include "io/dense_reader.hpp"

namespace heatloop::io {

void read_weather(ReadContext& ctx) {
    DenseLayout layout;
    layout.time_col = ctx.require(Role::time, "timestamp");
    int location = ctx.optional_column(Role::location, "location");
    int unit = ctx.optional_column(Role::unit, "unit_id");
    layout.key_col = location >= 0 ? location : unit;
    layout.key_name = location >= 0 ? "location" : "unit_id";
    if (layout.key_col < 0) ctx.require(Role::location, "location");
    ctx.require(Role::outdoor, "outdoor_temp");
    for (std::size_t i = 0; i < ctx.header.columns.size(); ++i) {
        const Column& c = ctx.header.columns[i];
        if (static_cast<int>(i) == layout.key_col || c.role == Role::time) continue;
        if (c.role == Role::unit || c.role == Role::location || c.role == Role::dropped) continue;
        std::string name = c.name;
        if (c.role == Role::outdoor) {
            name = "t_outdoor";
        } else if (c.role == Role::weather) {
            std::string key = alias_key(c.name);
            bool solar = key == "ghi" || key == "irradiance" || key == "global_radiation";
            name = solar ? "solar_radiation" : key == "relative_humidity" ? "humidity" : key;
        }
        add_channel(ctx, layout, i, std::move(name));
    }
    read_dense(ctx, layout);
}

}  // namespace heatloop::io
