#include "io/dense_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <future>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "io/block_reader.hpp"
#include "io/dense_chunk.hpp"

namespace heatloop::io {

void add_channel(ReadContext& ctx, DenseLayout& layout, std::size_t col, std::string name) {
    auto it = std::find(layout.names.begin(), layout.names.end(), name);
    if (it != layout.names.end()) {
        std::size_t other = layout.cols[static_cast<std::size_t>(it - layout.names.begin())];
        throw InvalidInputError(fmt::format(
            "{}: columns #{} '{}' and #{} '{}' both give channel '{}'; rename one by its "
            "position, e.g. --map \"#{}={}_2\", or leave it out with --drop \"#{}\"",
            ctx.file(), other + 1, visible(ctx.header.columns[other].raw), col + 1,
            visible(ctx.header.columns[col].raw), visible(name), col + 1, name, col + 1));
    }
    if (name.empty())
        throw InvalidInputError(
            fmt::format("{}: column {} has no name in the header", ctx.file(), col + 1));
    if (const Conversion* c = ctx.mapper.conversion(ctx.header.columns[col].name))
        ctx.conversions[name] = *c;  // declared on the column, whatever the channel is called
    layout.cols.push_back(col);
    layout.names.push_back(std::move(name));
}

void read_dense(ReadContext& ctx, const DenseLayout& layout) {
    const std::size_t nch = layout.cols.size();
    std::size_t merged = 0, present = 0, dropped = 0;
    auto flush = [&](const std::string& unit, DenseChunk& chunk) {
        // Taken even after a failure: conflicts in later units are problems to list too.
        UnitFrame frame = chunk.take(
            unit, layout.names,
            [&](const Conflict& c) {
                ctx.conflict(unit, layout.names[c.channel], layout.cols[c.channel] + 1, c);
            },
            merged, dropped);
        ctx.emit(std::move(frame), std::size_t{0});
    };
    VectorPool pool;  // blocks' vectors, recycled once a chunk has joined them
    UnitBuffers<DenseChunk> buffers([nch, &pool] { return DenseChunk(nch, &pool); }, flush,
                                    ctx.buffers);

    long lines_before = ctx.source.line_number();  // the header and any lines before it
    auto consume = [&](DenseBlock&& block) {
        if (block.rows() > 0) {  // before any of it reaches a series
            ctx.note_time(block.min_time, block.min_line + lines_before);
            ctx.note_time(block.max_time, block.max_line + lines_before);
        }
        ctx.summary.rows += block.records;
        present += block.present;
        ctx.problems.merge(std::move(block.problems), lines_before);
        const std::size_t runs = block.runs.size();
        for (std::size_t r = 0; r < runs; ++r) {
            const std::size_t begin = block.runs[r].begin;
            const std::size_t end = r + 1 < runs ? block.runs[r + 1].begin : block.rows();
            DenseChunk& chunk = buffers.at(block.runs[r].unit, end - begin);
            if (runs == 1)  // the whole block is one unit: no copy
                chunk.adopt(std::move(block.times), std::move(block.lines),
                            std::move(block.columns), lines_before);
            else
                chunk.append(block.times, block.lines, block.columns, begin, end - begin,
                             lines_before);
        }
        lines_before += block.line_count;
        if (runs != 1) {  // copied from, not adopted: the vectors can be reused
            pool.put(std::move(block.times));
            pool.put(std::move(block.lines));
            for (auto& v : block.columns) pool.put(std::move(v));
        }
    };

    const DenseSetup setup{layout,
                           ctx.header,
                           ctx.file(),
                           ctx.csv.delimiter(),
                           ctx.decimal_comma,
                           ctx.options.on_error,
                           &pool,
                           &ctx.missing,
                           ctx.csv.trailing_delimiter()};
    const unsigned threads = std::max(1u, ctx.threads);
    // One parser per slot: a slot's next block is only submitted once its previous block has
    // been consumed, so no parser is ever used by two threads at once.
    std::vector<TimestampParser> parsers;
    parsers.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) parsers.emplace_back(ctx.options.tz, ctx.syntax);

    BlockReader reader(ctx.source, ctx.csv.delimiter());
    if (threads == 1) {
        TextBlock text;
        while (reader.next(text)) consume(parse_dense_block(text.text, setup, parsers[0]));
    } else {
        // Blocks in file order; each parses on its own thread while earlier ones are consumed.
        std::deque<std::pair<TextBlock, std::future<DenseBlock>>> in_flight;
        std::size_t submitted = 0;
        for (bool more = true;;) {
            while (more && in_flight.size() < threads) {
                TextBlock block;
                if (!(more = reader.next(block))) break;
                const TimestampParser& parser = parsers[submitted++ % threads];
                in_flight.emplace_back(std::move(block), std::future<DenseBlock>());
                const std::string_view text = in_flight.back().first.text;
                in_flight.back().second = std::async(std::launch::async, [&setup, &parser, text] {
                    return parse_dense_block(text, setup, parser);
                });
            }
            if (in_flight.empty()) break;
            DenseBlock block = in_flight.front().second.get();
            in_flight.pop_front();
            consume(std::move(block));
        }
    }
    buffers.flush_all();
    ctx.summary.values += present - dropped;
    ctx.summary.duplicates_dropped += merged;
}

}  // namespace heatloop::io
