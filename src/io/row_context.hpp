#pragma once
/// Checking and converting the fields of one record, reporting problems where they are.
/// One RowContext per thread: the file's sequential readers share one, each block worker
/// of a dense file has its own.

#include <cstddef>
#include <string_view>

#include "heatloop/core/frame.hpp"
#include "heatloop/core/time.hpp"
#include "io/csv_reader.hpp"
#include "io/detect_format.hpp"
#include "io/number.hpp"
#include "io/problem_log.hpp"

namespace heatloop::io {

/// Field-level helpers over the current record of `csv`.
struct RowContext {
    CsvReader& csv;
    const TimestampParser& timestamps;
    ProblemLog& problems;
    const Header& header;
    bool decimal_comma;  ///< ',' may be the decimal point (';' or tab delimiter)
    const MissingValues* missing = nullptr;  ///< declared sentinels, if any

    /// Records a problem unless the record split cleanly into `expected` fields.
    bool check_record(std::size_t expected);
    /// Parses the timestamp in 0-based column `col`, recording a problem on failure.
    bool parse_time(std::size_t col, Timestamp& out);
    /// The key (unit, location, channel) in column `col`; a problem when it is empty, not
    /// UTF-8 or longer than k_max_name_bytes.
    bool key(std::size_t col, std::string_view what, std::string_view& out);
    /// A problem unless `name` (in column `col`) is UTF-8 and at most k_max_name_bytes long.
    bool check_name(std::size_t col, std::string_view what, std::string_view name);

    /// Parses a number in column `col` for channel `channel`: a missing value gives NaN, a
    /// rejected one records a problem and gives NaN.
    double value(std::size_t col, std::string_view channel) {
        std::string_view text = csv.fields()[col];
        double v = 0;
        if (!text.empty() && parse_plain_decimal(text, decimal_comma, v))
            return missing && missing->number(v) ? k_missing : v;  // the common case, inline
        NumberStatus st = parse_number_slow(text, decimal_comma, v);
        if (st == NumberStatus::ok) return missing && missing->number(v) ? k_missing : v;
        if (st != NumberStatus::missing && !(missing && missing->text(text)))
            bad_value(col, channel, st);
        return k_missing;
    }

private:
    void bad_value(std::size_t col, std::string_view channel, NumberStatus status);
};

}  // namespace heatloop::io
