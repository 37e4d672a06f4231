#pragma once
/// Writing CSV fast and byte-for-byte reproducibly: numbers with a fixed count of decimals
/// ('.' as separator, never locale-dependent, never "-0.00"), ISO 8601 UTC timestamps with
/// 'Z', RFC 4180 quoting, and files that appear under their final name only when complete.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>

#include "heatloop/core/time.hpp"

namespace heatloop::io {

/// Appends CSV fields to an in-memory text buffer, one row at a time.
class CsvBuffer {
public:
    /// A text field, quoted (with doubled quotes) when it holds ',', '"' or a line break.
    CsvBuffer& field(std::string_view text);
    /// An integer field.
    template <typename Int>
    requires std::is_integral_v<Int> CsvBuffer& field(Int value) {
        return integer(static_cast<std::int64_t>(value));
    }
    /// A number with exactly `decimals` (0..9) digits after '.', rounded half away from
    /// zero; an empty field when the value is NaN or infinite (missing).
    CsvBuffer& fixed(double value, int decimals);
    /// An empty field.
    CsvBuffer& empty();
    /// An ISO 8601 UTC timestamp, the same text as format_iso() ("2024-01-01T00:15:00Z").
    CsvBuffer& timestamp(Timestamp t);
    /// Ends the current row with '\n'.
    void end_row();
    /// A whole row of text fields (e.g. the header).
    void row(std::initializer_list<std::string_view> fields);

    /// The text so far.
    const std::string& text() const noexcept { return text_; }
    /// Bytes buffered.
    std::size_t size() const noexcept { return text_.size(); }
    /// Rows ended since construction or the last clear().
    std::uint64_t rows() const noexcept { return rows_; }
    /// Drops the buffered text and the row count.
    void clear() noexcept;
    /// Reserves capacity for `bytes` of text.
    void reserve(std::size_t bytes) { text_.reserve(bytes); }

private:
    CsvBuffer& integer(std::int64_t value);
    void separator() {
        if (!row_start_) text_.push_back(',');
        row_start_ = false;
    }

    std::string text_;
    bool row_start_ = true;
    std::uint64_t rows_ = 0;
    std::int64_t cached_day_ = INT64_MIN;  // day whose "yyyy-mm-ddT" is in day_prefix_
    char day_prefix_[16] = {};
    std::size_t day_prefix_len_ = 0;
};

/// A CSV file written through a CsvBuffer. Text goes to "<path>.tmp", which commit()
/// renames to `path`; a writer destroyed without commit() removes the temporary file, so an
/// interrupted run never leaves a truncated file under the final name.
class CsvFileWriter {
public:
    /// Opens "<path>.tmp" for writing; throws IoError naming the file.
    explicit CsvFileWriter(std::filesystem::path path, std::size_t flush_bytes = 1u << 20);
    ~CsvFileWriter();
    CsvFileWriter(const CsvFileWriter&) = delete;
    CsvFileWriter& operator=(const CsvFileWriter&) = delete;

    /// The buffer rows are formatted into; call flush_if_full() now and then.
    CsvBuffer& buffer() noexcept { return buffer_; }
    /// Writes the buffer to the file once it holds at least the flush size.
    void flush_if_full() {
        if (buffer_.size() >= flush_bytes_) flush();
    }
    /// Appends rows formatted elsewhere (e.g. by a worker thread), `rows` of them.
    void append(std::string_view text, std::uint64_t rows);
    /// Writes the buffer, closes the file and renames it to its final name; throws IoError.
    void commit();

    /// Rows written so far, the header included.
    std::uint64_t rows() const noexcept { return rows_ + buffer_.rows(); }
    /// Bytes written so far.
    std::uint64_t bytes() const noexcept { return bytes_ + buffer_.size(); }
    /// The final path.
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    void flush();
    void write(std::string_view text);

    std::filesystem::path path_, tmp_path_;
    std::FILE* file_ = nullptr;
    CsvBuffer buffer_;
    std::size_t flush_bytes_;
    std::uint64_t rows_ = 0, bytes_ = 0;
    bool committed_ = false;
};

}  // namespace heatloop::io
