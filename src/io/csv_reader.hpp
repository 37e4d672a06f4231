#pragma once
/// CSV records over a LineSource: header, delimiter detection, blank lines, and quoted
/// fields that span several lines.

#include <string>
#include <string_view>
#include <vector>

#include "io/csv_tokenizer.hpp"
#include "io/line_source.hpp"

namespace heatloop::io {

/// Reads the header and then one record at a time. The delimiter is detected from the
/// header. Blank lines are skipped (their numbers still count). A quoted field may contain
/// line breaks for up to k_max_record_lines lines.
class CsvReader {
public:
    /// Lines a single record may span before its open quote is reported as an error.
    static constexpr long k_max_record_lines = 100;

    /// Reads the header from `source`; throws InvalidInputError "<file>: empty file (no
    /// header)" when there is no non-blank line, or when the header cannot be split.
    explicit CsvReader(LineSource& source);
    /// Reads records without a header (a block of a file whose header was read elsewhere);
    /// `trailing_delimiter` as the header's trailing_delimiter().
    CsvReader(LineSource& source, char delimiter, bool trailing_delimiter = false)
        : src_(source), tok_(delimiter), trailing_(trailing_delimiter) {}

    /// The header's fields (trimmed, unquoted).
    const std::vector<std::string>& header() const noexcept { return header_; }
    /// Line number of the header (1 unless blank lines precede it).
    long header_line() const noexcept { return header_line_; }
    /// The detected delimiter.
    char delimiter() const noexcept { return tok_.delimiter(); }
    /// True when the header ends with the delimiter ("a;b;c;", as some vendors export every
    /// line): the empty last header field is dropped, and so is one delimiter at the end of
    /// a record.
    bool trailing_delimiter() const noexcept { return trailing_; }

    /// Advances to the next record; false at the end of the file. With `split_plain` false,
    /// a record without any quote is left unsplit: raw() holds it and fields() is empty, for
    /// callers with a faster way to take it apart (they call split_raw() to fall back).
    bool next(bool split_plain = true);
    /// The current record when next(false) left it unsplit, else empty.
    std::string_view raw() const noexcept { return raw_; }
    /// Splits a record next(false) left unsplit, as next() would have.
    void split_raw() {
        status_ = tok_.split(raw_, fields_);
        raw_ = {};
    }
    /// 1-based line where the current record starts.
    long line() const noexcept { return line_; }
    /// Fields of the current record, valid until the next call to next().
    const std::vector<std::string_view>& fields() const noexcept { return fields_; }
    /// Whether the current record split cleanly.
    const SplitResult& status() const noexcept { return status_; }

    /// The underlying source (name, progress).
    const LineSource& source() const noexcept { return src_; }

private:
    static bool blank(std::string_view line) noexcept;
    void drop_trailing_field();

    LineSource& src_;
    CsvTokenizer tok_;
    std::vector<std::string> header_;
    long header_line_ = 0;
    std::vector<std::string_view> fields_;
    SplitResult status_;
    bool trailing_ = false;
    std::string joined_;
    std::string_view raw_;
    long line_ = 0;
};

}  // namespace heatloop::io
