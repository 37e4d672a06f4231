#pragma once
// The rows of a metadata file (units, households): one record per id. The first row of an id
// is kept; a later identical row is a dropped duplicate; a later row with other fields is a
// problem naming both lines.

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "io/read_context.hpp"

namespace heatloop::io {

template <class Record>
class MetadataRows {
public:
    // `what` names the record in messages ("unit", "household").
    MetadataRows(ReadContext& ctx, std::vector<Record>& out, std::string_view what)
        : ctx_(ctx), out_(out), what_(what) {}

    // Adds the record of the current line, keyed `id`; `id_column` (1-based) for problems.
    void add(std::string id, Record&& record, long id_column) {
        auto [it, inserted] = seen_.emplace(id, std::pair{out_.size(), ctx_.csv.line()});
        if (inserted) {
            out_.push_back(std::move(record));
            ++ctx_.summary.values;
        } else if (out_[it->second.first] == record) {
            ++ctx_.summary.duplicates_dropped;
        } else {
            const long first_line = it->second.second;
            ctx_.problems.add(ctx_.csv.line(), id_column, [&] {
                return fmt::format(
                    "{} {} listed twice with different fields (first on line {}, which is kept)",
                    what_, id, first_line);
            });
        }
    }

private:
    ReadContext& ctx_;
    std::vector<Record>& out_;
    std::string_view what_;
    std::unordered_map<std::string, std::pair<std::size_t, long>> seen_;  // id -> index, line
};

}  // namespace heatloop::io
