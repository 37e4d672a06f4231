#pragma once
/// What every format reader works with while reading one file.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "heatloop/core/time.hpp"
#include "heatloop/io/read.hpp"
#include "io/column_map.hpp"
#include "io/csv_reader.hpp"
#include "io/dense_chunk.hpp"
#include "io/detect_format.hpp"
#include "io/number.hpp"
#include "io/problem_log.hpp"
#include "io/row_context.hpp"
#include "io/unit_buffers.hpp"

namespace heatloop::io {

/// The state of reading one file, shared by the per-format readers.
struct ReadContext {
    const ReadOptions& options;
    LineSource& source;
    CsvReader& csv;  ///< positioned after the header
    const Header& header;
    const ColumnMapper& mapper;
    ProblemLog& problems;
    ReadSummary& summary;
    const FrameSink& sink;
    TimestampParser timestamps;
    bool decimal_comma = false;  ///< ',' may be the decimal point (';' or tab delimiter)
    unsigned threads = 1;        ///< block parsers for dense formats
    BufferPolicy buffers;
    TimeSyntax syntax;      ///< how the timestamps are written (block parsers copy it)
    MissingValues missing;  ///< ReadOptions::missing
    /// Units declared for channels (by channel name), converted in emit().
    std::map<std::string, Conversion> conversions;
    /// The earliest and latest timestamps so far, with their lines.
    Timestamp min_time = 0, max_time = 0;
    long min_line = 0, max_line = 0;

    /// The file name used in messages.
    const std::string& file() const noexcept { return problems.file(); }
    /// Field helpers over the current record of csv, for sequential readers.
    RowContext rows() {
        return RowContext{csv,    timestamps,    problems,
                          header, decimal_comma, missing.empty() ? nullptr : &missing};
    }

    /// Notes an accepted timestamp; throws InvalidInputError naming both ends when the file's
    /// timestamps now span more than ReadOptions::max_span.
    void note_time(Timestamp t, long line) {
        if (min_line == 0 || t < min_time) {
            min_time = t;
            min_line = line;
        }
        if (max_line == 0 || t > max_time) {
            max_time = t;
            max_line = line;
        }
        if (max_time - min_time > options.max_span) span_too_long();
    }

    /// The column with `role` (named `what` in messages), or -1; throws InvalidInputError
    /// when several columns have that role.
    int optional_column(Role role, std::string_view what) const;
    /// As optional_column, but throws InvalidInputError when there is no such column.
    std::size_t require(Role role, std::string_view what) const;

    /// Hands a finished frame to the sink, counting its `values` (non-missing values; counted
    /// here when not given), unless the file has already failed, in which case it is dropped
    /// since it would be thrown away anyway.
    void emit(UnitFrame&& frame, std::optional<std::size_t> values = std::nullopt);
    /// Records a duplicate-timestamp conflict for unit `unit` on channel `channel`.
    void conflict(const std::string& unit, const std::string& channel, std::size_t column,
                  const Conflict& c);

private:
    [[noreturn]] void span_too_long() const;
};

/// One reader per format; each reads the data rows after the header.
void read_wide(ReadContext& ctx);
void read_long(ReadContext& ctx);
void read_smartmeter(ReadContext& ctx);
void read_weather(ReadContext& ctx);
void read_units(ReadContext& ctx);
void read_signal(ReadContext& ctx);
void read_households(ReadContext& ctx);
void read_household_meter(ReadContext& ctx);

/// The unit of a file without a unit column: ReadOptions::signal_unit, else the file name
/// without .gz/.csv/.tsv/.txt (and, when `signal`, without "__<channel>").
std::string unit_from_file_name(const ReadContext& ctx, bool signal);

}  // namespace heatloop::io
