#include "io/dense_block.hpp"

#include <cmath>

#include "heatloop/core/text.hpp"
#include "io/csv_reader.hpp"
#include "io/number.hpp"
#include "io/row_context.hpp"
#include "io/timestamp_cache.hpp"

namespace heatloop::io {

namespace {

// What a column holds for the fast path: a channel index (>= 0) or one of these.
constexpr int k_ignored = -1, k_time = -2, k_key = -3;

// The fast path for an unquoted record: each field is scanned once and converted as it is
// scanned, with no field list. It handles well-formed rows only and gives up at the first
// irregularity (field count, timestamp, key, a value to reject), leaving the row to the
// general path, which reports the problem where it is.
class FastRow {
public:
    FastRow(const DenseSetup& setup, const TimestampParser& timestamps)
        : values(setup.layout.cols.size()),
          kinds_(setup.header.columns.size(), k_ignored),
          delim_(setup.delimiter),
          decimal_comma_(setup.decimal_comma),
          missing_(setup.missing && !setup.missing->empty() ? setup.missing : nullptr),
          timestamps_(timestamps) {
        const DenseLayout& l = setup.layout;
        kinds_[l.time_col] = k_time;
        if (l.key_col >= 0) kinds_[static_cast<std::size_t>(l.key_col)] = k_key;
        for (std::size_t c = 0; c < l.cols.size(); ++c) kinds_[l.cols[c]] = static_cast<int>(c);
    }

    Timestamp time = 0;
    std::string_view key;
    std::vector<double> values;

    bool parse(std::string_view line) {
        const char* p = line.data();
        const char* const end = p + line.size();
        const std::size_t ncols = kinds_.size();
        for (std::size_t col = 0;; ++col) {
            if (col == ncols) return false;  // too many fields
            const int kind = kinds_[col];
            const char* q = nullptr;
            if (kind >= 0) {
                double v = 0;
                q = parse_plain_prefix(p, end, decimal_comma_, v);
                if (!q || (q != end && *q != delim_)) {  // not a plain number: the long way
                    q = field_end(p, end);
                    NumberStatus st =
                        q == p ? NumberStatus::missing
                               : parse_number_slow(
                                     std::string_view(p, static_cast<std::size_t>(q - p)),
                                     decimal_comma_, v);
                    if (st == NumberStatus::missing)
                        v = std::nan("");
                    else if (st != NumberStatus::ok)
                        return false;  // (a text sentinel too: the general path knows them)
                }
                if (missing_ && missing_->number(v)) v = std::nan("");
                values[static_cast<std::size_t>(kind)] = v;
            } else {
                q = field_end(p, end);
                std::string_view field(p, static_cast<std::size_t>(q - p));
                if (kind == k_time) {
                    TimeParseError err{};
                    auto t = timestamps_.parse(field, err);  // cached for repeated hours
                    if (!t) return false;
                    time = *t;
                } else if (kind == k_key) {
                    key = trim_field(field, delim_);
                    if (key.empty()) return false;
                    if (key != checked_key_) {  // a new unit: UTF-8 and not absurdly long
                        if (key.size() > k_max_name_bytes || !valid_utf8(key)) return false;
                        checked_key_.assign(key);
                    }
                }
            }
            if (q == end) return col + 1 == ncols;
            p = q + 1;
        }
    }

private:
    const char* field_end(const char* p, const char* end) const {
        while (p != end && *p != delim_) ++p;
        return p;
    }

    std::vector<int> kinds_;
    std::string checked_key_;
    char delim_;
    bool decimal_comma_;
    const MissingValues* missing_;
    TimestampCache timestamps_;
};

}  // namespace

DenseBlock parse_dense_block(std::string_view text, const DenseSetup& setup,
                             const TimestampParser& timestamps) {
    const DenseLayout& layout = setup.layout;
    DenseBlock out(setup);
    LineSource lines(setup.file, text);
    CsvReader csv(lines, setup.delimiter, setup.trailing_delimiter);
    RowContext row{csv,
                   timestamps,
                   out.problems,
                   setup.header,
                   setup.decimal_comma,
                   setup.missing && !setup.missing->empty() ? setup.missing : nullptr};
    FastRow fast(setup, timestamps);

    const std::size_t ncols = setup.header.columns.size();
    const std::size_t nch = layout.cols.size();
    const std::size_t expected_rows = text.size() / (6 * ncols + 1) + 16;
    if (setup.pool) {
        out.times = setup.pool->get<Timestamp>(expected_rows);
        out.lines = setup.pool->get<long>(expected_rows);
        for (auto& col : out.columns) col = setup.pool->get<double>(expected_rows);
    } else {
        out.times.reserve(expected_rows);
        out.lines.reserve(expected_rows);
        for (auto& col : out.columns) col.reserve(expected_rows);
    }
    const auto key_col = static_cast<std::size_t>(layout.key_col);

    auto add_row = [&](Timestamp t, std::string_view unit, auto&& value_of) {
        if (out.runs.empty() || out.runs.back().unit != unit)
            out.runs.push_back(DenseBlock::Run{std::string(unit), out.times.size()});
        if (out.times.empty() || t < out.min_time) {
            out.min_time = t;
            out.min_line = csv.line();
        }
        if (out.times.empty() || t > out.max_time) {
            out.max_time = t;
            out.max_line = csv.line();
        }
        out.times.push_back(t);
        out.lines.push_back(csv.line());
        for (std::size_t c = 0; c < nch; ++c) {
            const double v = value_of(c);
            out.present += !is_missing(v);
            out.columns[c].push_back(v);
        }
    };

    while (csv.next(/*split_plain=*/false)) {
        ++out.records;
        if (!csv.raw().empty()) {
            if (fast.parse(csv.raw())) {
                out.problems.note_record();
                add_row(fast.time, layout.key_col >= 0 ? fast.key : layout.fixed_unit,
                        [&](std::size_t c) { return fast.values[c]; });
                continue;
            }
            csv.split_raw();  // something is off: the general path says what
        }
        if (!row.check_record(ncols)) continue;
        Timestamp t = 0;
        if (!row.parse_time(layout.time_col, t)) continue;
        std::string_view unit = layout.fixed_unit;
        if (layout.key_col >= 0 && !row.key(key_col, layout.key_name, unit)) continue;
        add_row(t, unit, [&](std::size_t c) { return row.value(layout.cols[c], layout.names[c]); });
    }
    out.line_count = lines.line_number();
    return out;
}

}  // namespace heatloop::io
