#include "io/block_reader.hpp"

#include <algorithm>
#include <cstring>

#include "io/csv_reader.hpp"

namespace heatloop::io {

bool BlockReader::next(TextBlock& out) {
    if (src_.in_memory()) return next_in_memory(out);
    CharBuffer& text = out.storage;
    text.assign(carry_.begin(), carry_.end());  // keeps the storage's capacity for reuse
    carry_.clear();
    if (!src_.read_lines(text)) {  // the end: a record cut by the last block, if any
        out.text = std::string_view(text.data(), text.size());
        return !text.empty();
    }
    std::size_t cut = complete_prefix(std::string_view(text.data(), text.size()));
    while (cut == 0) {  // one record longer than the block so far
        if (!src_.read_lines(text)) {
            cut = text.size();
            break;
        }
        cut = complete_prefix(std::string_view(text.data(), text.size()));
    }
    carry_.assign(text.begin() + static_cast<std::ptrdiff_t>(cut), text.end());
    text.resize(cut);
    out.text = std::string_view(text.data(), text.size());
    return true;
}

bool BlockReader::next_in_memory(TextBlock& out) {
    const std::string_view rest = src_.remaining();
    if (rest.empty()) return false;
    const std::size_t step = src_.block_size();
    std::size_t end = 0, cut = 0;
    while (cut == 0 && end < rest.size()) {
        // Whole lines up to about one more block.
        end = std::min(rest.size(), end + step);
        const void* nl = std::memchr(rest.data() + end - 1, '\n', rest.size() - end + 1);
        end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - rest.data()) + 1
                 : rest.size();
        cut = end == rest.size() ? end : complete_prefix(rest.substr(0, end));
    }
    out.text = rest.substr(0, cut);
    src_.consume(cut);
    return true;
}

std::size_t BlockReader::complete_prefix(std::string_view text) {
    const char* base = text.data();
    const std::size_t n = text.size();
    if (n == 0 || !std::memchr(base, '"', n)) return n;
    auto line_at = [&](std::size_t pos, std::size_t& next) {
        const void* nl = std::memchr(base + pos, '\n', n - pos);
        std::size_t stop = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : n;
        next = nl ? stop + 1 : n;
        std::string_view line(base + pos, stop - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return line;
    };
    std::size_t pos = 0;
    while (pos < n) {
        std::size_t next = 0;
        std::string_view line = line_at(pos, next);
        if (line.find('"') == std::string_view::npos ||
            tok_.split(line, fields_).error != SplitError::unterminated_quote) {
            pos = next;
            continue;
        }
        joined_.assign(line);
        bool closed = false;
        long extra = 1;
        for (; extra < CsvReader::k_max_record_lines && next < n; ++extra) {
            joined_.push_back('\n');
            joined_.append(line_at(next, next));
            if (tok_.split(joined_, fields_).error != SplitError::unterminated_quote) {
                closed = true;
                break;
            }
        }
        if (!closed && extra < CsvReader::k_max_record_lines) return pos;  // continues later
        pos = next;
    }
    return n;
}

}  // namespace heatloop::io
