#pragma once
/// Cutting the data rows of a CSV file into blocks of whole records, for parsing blocks in
/// parallel.

#include <string>
#include <string_view>
#include <vector>

#include "io/csv_tokenizer.hpp"
#include "io/line_source.hpp"

namespace heatloop::io {

/// A run of whole records: parsing it with a CsvReader (no header) gives exactly the records
/// a CsvReader over the whole file would give there. `text` views the mapped file or
/// `storage` (which moves with the block).
struct TextBlock {
    std::string_view text;
    CharBuffer storage;
};

/// Reads blocks of about LineSource::block_size() bytes after the header. A block ends after
/// the last record that is complete in it: usually at a newline, earlier when a quoted field
/// spans the boundary (that record then starts the next block). Blocks of a mapped file are
/// views, without a copy.
class BlockReader {
public:
    /// Blocks from `source` (positioned after the header) of a file delimited by `delimiter`.
    BlockReader(LineSource& source, char delimiter) : src_(source), tok_(delimiter) {}

    /// The next block into `out` (its storage is reused); false at the end of the file.
    bool next(TextBlock& out);

    /// The length of the complete records at the start of `text` (whole lines): all of it
    /// without quotes; otherwise records are followed the way CsvReader::next() joins lines,
    /// so a quoted field still open at the end is left out, and one open for
    /// CsvReader::k_max_record_lines lines ends its record as CsvReader would end it.
    std::size_t complete_prefix(std::string_view text);

private:
    bool next_in_memory(TextBlock& out);

    LineSource& src_;
    CsvTokenizer tok_;
    CharBuffer carry_;  // start of a record cut by the previous block (gzip)
    std::string joined_;
    std::vector<std::string_view> fields_;
};

}  // namespace heatloop::io
