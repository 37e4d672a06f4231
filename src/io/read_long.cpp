// Long telemetry: unit_id,timestamp,channel,value, one observation per row (platforms store
// a value only when it changes). Columns beyond these four are ignored.
#include <fmt/format.h>

#include <cstdint>

#include "heatloop/core/error.hpp"
#include "io/long_chunk.hpp"
#include "io/read_context.hpp"

namespace heatloop::io {

namespace {

// Channel names of the file by first appearance; lookups by the raw text of the field, so
// the column map and standard spelling run once per distinct name.
class ChannelIndex {
public:
    explicit ChannelIndex(const ColumnMapper& mapper) : mapper_(mapper) {}

    std::uint32_t index(std::string_view raw) {
        if (last_ < raw_.size() && raw_[last_] == raw) return ids_[last_];
        for (std::size_t i = 0; i < raw_.size(); ++i)
            if (raw_[i] == raw) return ids_[last_ = i];
        std::string name = mapper_.channel_name(raw);
        std::uint32_t id = 0;
        while (id < names_.size() && names_[id] != name) ++id;
        if (id == names_.size()) names_.push_back(name);
        raw_.emplace_back(raw);
        ids_.push_back(id);
        last_ = raw_.size() - 1;
        return id;
    }
    const std::vector<std::string>& names() const noexcept { return names_; }

private:
    const ColumnMapper& mapper_;
    std::vector<std::string> raw_;
    std::vector<std::uint32_t> ids_;
    std::vector<std::string> names_;
    std::size_t last_ = 0;
};

}  // namespace

void read_long(ReadContext& ctx) {
    const std::size_t time_col = ctx.require(Role::time, "timestamp");
    int unit = ctx.optional_column(Role::unit, "unit_id");
    const auto key_col =
        static_cast<std::size_t>(unit >= 0 ? unit : ctx.require(Role::location, "unit_id"));
    const std::size_t channel_col = ctx.require(Role::channel, "channel");
    const std::size_t value_col = ctx.require(Role::value, "value");
    const std::size_t ncols = ctx.header.columns.size();

    ChannelIndex channels(ctx.mapper);
    std::size_t merged = 0;
    auto flush = [&](const std::string& u, LongChunk& chunk) {
        ctx.emit(chunk.take(
            u, channels.names(),
            [&](const Conflict& c) {
                ctx.conflict(u, channels.names()[c.channel], value_col + 1, c);
            },
            merged));
    };
    UnitBuffers<LongChunk> buffers([] { return LongChunk(); }, flush, ctx.buffers);

    CsvReader& csv = ctx.csv;
    RowContext row = ctx.rows();
    while (csv.next()) {
        ++ctx.summary.rows;
        if (!row.check_record(ncols)) continue;
        Timestamp t = 0;
        std::string_view u, raw_channel;
        if (!row.parse_time(time_col, t) || !row.key(key_col, "unit_id", u) ||
            !row.key(channel_col, "channel", raw_channel))
            continue;
        const std::uint32_t ch = channels.index(raw_channel);
        const std::size_t problems_before = ctx.problems.count();
        const double v = row.value(value_col, channels.names()[ch]);
        if (ctx.problems.count() != problems_before) continue;  // a rejected value: no observation
        ctx.note_time(t, csv.line());
        buffers.at(u).add(t, ch, v, csv.line());
    }
    buffers.flush_all();
    ctx.summary.duplicates_dropped += merged;
}

}  // namespace heatloop::io
