#include "heatloop/io/csv_writer.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

#include "heatloop/core/error.hpp"

namespace heatloop::io {

namespace {

constexpr std::array<double, 10> k_pow10{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

// Two-digit zero-padded number.
void append2(std::string& out, unsigned v) {
    out.push_back(static_cast<char>('0' + v / 10));
    out.push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

CsvBuffer& CsvBuffer::field(std::string_view text) {
    separator();
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        text_.append(text);
        return *this;
    }
    text_.push_back('"');
    for (char c : text) {
        if (c == '"') text_.push_back('"');
        text_.push_back(c);
    }
    text_.push_back('"');
    return *this;
}

CsvBuffer& CsvBuffer::integer(std::int64_t value) {
    separator();
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    text_.append(buf, end);
    return *this;
}

CsvBuffer& CsvBuffer::fixed(double value, int decimals) {
    separator();
    if (!std::isfinite(value)) return *this;
    if (decimals < 0) decimals = 0;
    if (decimals > 9) decimals = 9;
    double scaled = std::round(value * k_pow10[static_cast<size_t>(decimals)]);
    if (std::fabs(scaled) >= 9e15) {  // beyond exact integers: let fmt do it
        fmt::format_to(std::back_inserter(text_), "{:.{}f}", value, decimals);
        return *this;
    }
    // Integer arithmetic on the scaled value: exact, locale-free, and a value that rounds
    // to zero prints without a sign. Digits are written right to left into a local buffer.
    auto n = static_cast<std::int64_t>(scaled);
    bool negative = n < 0;
    auto un = static_cast<std::uint64_t>(negative ? -n : n);
    char buf[32];
    char* end = buf + sizeof buf;
    char* p = end;
    for (int i = 0; i < decimals; ++i) {
        *--p = static_cast<char>('0' + un % 10);
        un /= 10;
    }
    if (decimals > 0) *--p = '.';
    do {
        *--p = static_cast<char>('0' + un % 10);
        un /= 10;
    } while (un != 0);
    if (negative) *--p = '-';
    text_.append(p, static_cast<size_t>(end - p));
    return *this;
}

CsvBuffer& CsvBuffer::empty() {
    separator();
    return *this;
}

CsvBuffer& CsvBuffer::timestamp(Timestamp t) {
    separator();
    std::int64_t day = t >= 0 ? t / k_day_ms : -((-t + k_day_ms - 1) / k_day_ms);
    if (day != cached_day_) {
        CivilTime c = to_civil(day * k_day_ms);
        auto r = fmt::format_to_n(day_prefix_, sizeof day_prefix_ - 1, "{:04}-{:02}-{:02}T", c.year,
                                  c.month, c.day);
        day_prefix_len_ = static_cast<size_t>(r.out - day_prefix_);
        cached_day_ = day;
    }
    text_.append(day_prefix_, day_prefix_len_);
    auto ms = static_cast<unsigned>(t - day * k_day_ms);
    unsigned sec = ms / 1000;
    append2(text_, sec / 3600);
    text_.push_back(':');
    append2(text_, sec / 60 % 60);
    text_.push_back(':');
    append2(text_, sec % 60);
    if (unsigned milli = ms % 1000; milli != 0) {
        text_.push_back('.');
        text_.push_back(static_cast<char>('0' + milli / 100));
        append2(text_, milli % 100);
    }
    text_.push_back('Z');
    return *this;
}

void CsvBuffer::end_row() {
    text_.push_back('\n');
    row_start_ = true;
    ++rows_;
}

void CsvBuffer::row(std::initializer_list<std::string_view> fields) {
    for (auto f : fields) field(f);
    end_row();
}

void CsvBuffer::clear() noexcept {
    text_.clear();
    row_start_ = true;
    rows_ = 0;
}

CsvFileWriter::CsvFileWriter(std::filesystem::path path, std::size_t flush_bytes)
    : path_(std::move(path)), flush_bytes_(flush_bytes) {
    tmp_path_ = path_;
    tmp_path_ += ".tmp";
    file_ = std::fopen(tmp_path_.c_str(), "wb");
    if (!file_)
        throw IoError(fmt::format("{}: cannot open for writing: {}", tmp_path_.string(),
                                  std::strerror(errno)));
    buffer_.reserve(flush_bytes_ + flush_bytes_ / 4);
}

CsvFileWriter::~CsvFileWriter() {
    if (file_) std::fclose(file_);
    if (!committed_) {
        std::error_code ec;
        std::filesystem::remove(tmp_path_, ec);
    }
}

void CsvFileWriter::write(std::string_view text) {
    if (text.empty()) return;
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
        throw IoError(
            fmt::format("{}: write failed: {}", tmp_path_.string(), std::strerror(errno)));
    bytes_ += text.size();
}

void CsvFileWriter::flush() {
    write(buffer_.text());
    rows_ += buffer_.rows();
    buffer_.clear();
}

void CsvFileWriter::append(std::string_view text, std::uint64_t rows) {
    flush();
    write(text);
    rows_ += rows;
}

void CsvFileWriter::commit() {
    if (committed_) return;
    flush();
    int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0)
        throw IoError(
            fmt::format("{}: close failed: {}", tmp_path_.string(), std::strerror(errno)));
    std::error_code ec;
    std::filesystem::rename(tmp_path_, path_, ec);
    if (ec)
        throw IoError(fmt::format("{}: cannot rename to {}: {}", tmp_path_.string(), path_.string(),
                                  ec.message()));
    committed_ = true;
}

}  // namespace heatloop::io
