#pragma once
/// The reader shared by every format with one row per (key, time) and fixed channels:
/// wide, smartmeter, weather and signal.

#include <string>

#include "io/dense_block.hpp"
#include "io/read_context.hpp"

namespace heatloop::io {

/// Adds a channel to `layout`; throws InvalidInputError when two columns end up with one
/// name or a column has no name.
void add_channel(ReadContext& ctx, DenseLayout& layout, std::size_t col, std::string name);

/// Reads every data row after the header with `layout`, streaming frames to ctx.sink.
/// Blocks of the file are parsed on ctx.threads threads and consumed in file order.
void read_dense(ReadContext& ctx, const DenseLayout& layout);

}  // namespace heatloop::io
