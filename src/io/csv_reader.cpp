#include "io/csv_reader.hpp"

#include <fmt/format.h>

#include <cstring>

#include "heatloop/core/error.hpp"

namespace heatloop::io {

bool CsvReader::blank(std::string_view line) noexcept {
    for (char c : line)
        if (c != ' ' && c != '\t') return false;
    return true;
}

CsvReader::CsvReader(LineSource& source) : src_(source), tok_(',') {
    std::string_view line;
    do {
        if (!src_.next(line))
            throw InvalidInputError(fmt::format("{}: empty file (no header)", src_.name()));
    } while (blank(line));
    tok_ = CsvTokenizer(detect_delimiter(line));
    header_line_ = src_.line_number();
    SplitResult r = tok_.split(line, fields_);
    if (r.error != SplitError::none)
        throw InvalidInputError(fmt::format("{}:{}:{}: header: {}", src_.name(), header_line_,
                                            r.column, describe(r.error)));
    header_.assign(fields_.begin(), fields_.end());
    if (header_.size() > 1 && header_.back().empty() && !line.empty() &&
        line.back() == tok_.delimiter()) {
        trailing_ = true;
        header_.pop_back();
    }
}

void CsvReader::drop_trailing_field() {
    if (trailing_ && status_.error == SplitError::none && fields_.size() > 1 &&
        fields_.back().empty())
        fields_.pop_back();
}

bool CsvReader::next(bool split_plain) {
    std::string_view line;
    do {
        if (!src_.next(line)) return false;
    } while (blank(line));
    line_ = src_.line_number();
    raw_ = {};
    if (!split_plain && !std::memchr(line.data(), '"', line.size())) {
        raw_ = line;
        if (trailing_ && !raw_.empty() && raw_.back() == tok_.delimiter()) raw_.remove_suffix(1);
        fields_.clear();
        status_ = {};
        return true;
    }
    status_ = tok_.split(line, fields_);
    if (status_.error != SplitError::unterminated_quote) {
        drop_trailing_field();
        return true;
    }

    // A quoted field with a line break: join physical lines until the quote closes. The
    // line is copied first because the source may reuse its buffer on the next read.
    joined_.assign(line);
    for (long extra = 1; extra < k_max_record_lines; ++extra) {
        if (!src_.next(line)) break;
        joined_.push_back('\n');
        joined_.append(line);
        status_ = tok_.split(joined_, fields_);
        if (status_.error != SplitError::unterminated_quote) {
            drop_trailing_field();
            return true;
        }
    }
    return true;  // status_ still reports the open quote
}

}  // namespace heatloop::io
