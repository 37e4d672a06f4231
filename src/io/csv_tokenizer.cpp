#include "io/csv_tokenizer.hpp"

#include <cstring>

namespace heatloop::io {

namespace {

bool is_space(char c, char delim) {
    return (c == ' ' || c == '\t') && c != delim;
}

std::string_view trim(std::string_view s, char delim) {
    while (!s.empty() && is_space(s.front(), delim)) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back(), delim)) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string_view trim_field(std::string_view field, char delimiter) noexcept {
    return trim(field, delimiter);
}

char detect_delimiter(std::string_view header_line) noexcept {
    size_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (char c : header_line) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        comma += c == ',';
        semicolon += c == ';';
        tab += c == '\t';
    }
    if (semicolon > comma && semicolon >= tab) return ';';
    if (tab > comma && tab > semicolon) return '\t';
    return ',';
}

std::string_view describe(SplitError e) noexcept {
    switch (e) {
        case SplitError::none:
            return "ok";
        case SplitError::unterminated_quote:
            return "quoted field is not closed";
        case SplitError::text_after_quote:
            return "text after the closing quote of a field";
    }
    return "malformed record";
}

SplitResult CsvTokenizer::split(std::string_view record, std::vector<std::string_view>& fields) {
    fields.clear();
    const char* p = record.data();
    const char* end = p + record.size();
    if (std::memchr(p, '"', record.size())) return split_quoted(record, fields);
    // Hot path: no quotes anywhere, so every delimiter ends a field. Fields are short, so a
    // byte loop beats a memchr call per field.
    const char delim = delim_;
    for (;;) {
        const char* stop = p;
        while (stop != end && *stop != delim) ++stop;
        std::string_view f(p, static_cast<size_t>(stop - p));
        if (!f.empty() && (is_space(f.front(), delim) || is_space(f.back(), delim)))
            f = trim(f, delim);
        fields.push_back(f);
        if (stop == end) return {};
        p = stop + 1;
    }
}

SplitResult CsvTokenizer::split_quoted(std::string_view record,
                                       std::vector<std::string_view>& fields) {
    // Unescaped text never grows, so views into scratch_ survive later appends.
    scratch_.clear();
    scratch_.reserve(record.size());
    size_t i = 0;
    const size_t n = record.size();
    for (;;) {
        while (i < n && is_space(record[i], delim_)) ++i;
        if (i < n && record[i] == '"') {
            size_t start = ++i;
            bool escaped = false;
            for (;;) {
                if (i >= n) return {SplitError::unterminated_quote, fields.size() + 1};
                if (record[i] == '"') {
                    if (i + 1 < n && record[i + 1] == '"') {
                        escaped = true;
                        i += 2;
                        continue;
                    }
                    break;
                }
                ++i;
            }
            std::string_view raw = record.substr(start, i - start);
            ++i;  // closing quote
            while (i < n && is_space(record[i], delim_)) ++i;
            if (i < n && record[i] != delim_)
                return {SplitError::text_after_quote, fields.size() + 1};
            if (escaped) {
                size_t at = scratch_.size();
                for (size_t k = 0; k < raw.size(); ++k) {
                    scratch_.push_back(raw[k]);
                    if (raw[k] == '"') ++k;  // "" -> "
                }
                raw = std::string_view(scratch_).substr(at);
            }
            fields.push_back(raw);
        } else {
            size_t stop = record.find(delim_, i);
            if (stop == std::string_view::npos) stop = n;
            fields.push_back(trim(record.substr(i, stop - i), delim_));
            i = stop;
        }
        if (i >= n) return {};
        ++i;           // delimiter
        if (i == n) {  // a trailing delimiter ends with an empty field
            fields.emplace_back();
            return {};
        }
    }
}

}  // namespace heatloop::io
