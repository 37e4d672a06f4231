// One signal per file: timestamp,value. The unit and channel come from ReadOptions or the
// file name "<unit>__<channel>.csv".
#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "io/dense_reader.hpp"

namespace heatloop::io {

namespace {

// "<channel>" of "<unit>__<channel>.csv[.gz]", or "".
std::string channel_from_file_name(const std::string& file) {
    std::filesystem::path name = std::filesystem::path(file).filename();
    for (const char* ext : {".gz", ".csv", ".tsv", ".txt"})
        if (name.extension() == ext) name = name.stem();
    std::string s = name.string();
    size_t sep = s.find("__");
    return sep == std::string::npos || sep == 0 ? std::string() : s.substr(sep + 2);
}

}  // namespace

void read_signal(ReadContext& ctx) {
    const auto& cols = ctx.header.columns;
    DenseLayout layout;
    layout.time_col = ctx.require(Role::time, "timestamp");
    std::size_t value_col = cols.size();
    for (std::size_t i = 0; i < cols.size(); ++i)
        if (i != layout.time_col && cols[i].role != Role::dropped)
            value_col = value_col == cols.size() ? i : cols.size() + 1;
    if (value_col >= cols.size())
        throw InvalidInputError(fmt::format(
            "{}: a signal file has two columns, timestamp and value; the header has: {}",
            ctx.file(), ctx.header.names()));
    std::string channel = ctx.options.signal_channel;
    if (channel.empty()) channel = channel_from_file_name(ctx.file());
    // A header naming the signal ("timestamp,t_supply") names the channel too.
    if (channel.empty() && cols[value_col].role != Role::value) channel = cols[value_col].name;
    if (channel.empty())
        throw InvalidInputError(
            fmt::format("{}: cannot tell which channel this signal file holds: name the file "
                        "<unit>__<channel>.csv or name the value column after the channel",
                        ctx.file()));
    layout.fixed_unit = unit_from_file_name(ctx, true);
    add_channel(ctx, layout, value_col,
                channel == cols[value_col].name ? channel : ctx.mapper.channel_name(channel));
    read_dense(ctx, layout);
}

}  // namespace heatloop::io
