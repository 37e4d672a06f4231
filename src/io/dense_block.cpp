#include "io/dense_block.hpp"

#include "io/csv_reader.hpp"
#include "io/row_context.hpp"

namespace heatloop::io {

DenseBlock parse_dense_block(std::string_view text, const DenseSetup& setup,
                             const TimestampParser& timestamps) {
    const DenseLayout& layout = setup.layout;
    DenseBlock out(setup);
    LineSource lines(setup.file, text);
    CsvReader csv(lines, setup.delimiter);
    RowContext row{csv, timestamps, out.problems, setup.header, setup.decimal_comma};

    const std::size_t ncols = setup.header.columns.size();
    const std::size_t nch = layout.cols.size();
    const std::size_t expected_rows = text.size() / (6 * ncols + 1) + 16;
    out.times.reserve(expected_rows);
    out.lines.reserve(expected_rows);
    for (auto& col : out.columns) col.reserve(expected_rows);
    const auto key_col = static_cast<std::size_t>(layout.key_col);

    while (csv.next()) {
        ++out.records;
        if (!row.check_record(ncols)) continue;
        Timestamp t = 0;
        if (!row.parse_time(layout.time_col, t)) continue;
        std::string_view unit = layout.fixed_unit;
        if (layout.key_col >= 0 && !row.key(key_col, layout.key_name, unit)) continue;
        if (out.runs.empty() || out.runs.back().unit != unit)
            out.runs.push_back(DenseBlock::Run{std::string(unit), out.times.size()});
        out.times.push_back(t);
        out.lines.push_back(csv.line());
        for (std::size_t c = 0; c < nch; ++c) {
            const double v = row.value(layout.cols[c], layout.names[c]);
            out.present += !is_missing(v);
            out.columns[c].push_back(v);
        }
    }
    out.line_count = lines.line_number();
    return out;
}

}  // namespace heatloop::io
